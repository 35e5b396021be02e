using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// A TLS identity provider on 127.0.0.1 (certificate from a throw-away CA the validator's default
/// handler is told to trust), a fake clock, and validators wired to both.
/// </summary>
internal sealed class WebIdentityTestBed : IAsyncDisposable
{
    internal const string ClientId = "sts-client";
    internal const string AccountArnPrefix = "arn:aws:iam::123456789012:oidc-provider/";

    /// <summary>The fake clock's start: 2026-01-01T00:00:00Z.</summary>
    internal static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static readonly long Now = Start.ToUnixTimeSeconds();

    // The operating system checks certificate validity against the real clock, so the TLS test
    // certificates are dated by it (the validator's own decisions use the fake clock).
    private static readonly Lazy<TestCertificates> Certificates = new(() => TestCertificates.Create(TimeProvider.System.GetUtcNow()));

    private readonly List<WebIdentityTokenValidator> _validators = [];

    internal WebIdentityTestBed(bool tls = true, string issuerPath = "/realms/sts")
    {
        Provider = new TestIdentityProvider(tls ? Certificates.Value.ServerContext : null, issuerPath);
    }

    internal TestIdentityProvider Provider { get; }

    internal string Issuer => Provider.Issuer;

    internal static X509Certificate2 Authority => Certificates.Value.Authority;

    internal FakeTimeProvider Time { get; private set; } = new(Start);

    internal CountingHandler? Handler { get; private set; }

    /// <summary>Resets the provider (empty keys, up) and the clock, for the next test.</summary>
    internal void Reset(string jwks)
    {
        Provider.Jwks = jwks;
        Provider.Down = false;
        Provider.DiscoveryOverride = null;
        Provider.SendContentLength = true;
        Time = new FakeTimeProvider(Start);
    }

    internal WebIdentityTokenValidator Validator(WebIdentityOptions? options = null)
    {
        var recorder = new TlsChainRecorder(new X509Certificate2Collection(Authority));
        Handler = new CountingHandler(recorder.CreateHandler());
        var validator = new WebIdentityTokenValidator(options ?? new WebIdentityOptions(), Time, new HttpClient(Handler), recorder, logger: null);
        _validators.Add(validator);
        return validator;
    }

    internal OidcProviderList Providers(IReadOnlyList<string>? clientIds = null, IReadOnlyList<string>? thumbprints = null) =>
        new([Registration(clientIds, thumbprints)]);

    internal OidcProviderRegistration Registration(IReadOnlyList<string>? clientIds = null, IReadOnlyList<string>? thumbprints = null) =>
        new(AccountArnPrefix + OidcIssuer.Normalize(Issuer), Issuer, clientIds ?? [ClientId], thumbprints ?? []);

    /// <summary>Typical ID token claims: issued now, valid ten minutes, for <see cref="ClientId"/>.</summary>
    internal JsonObject Claims(Action<JsonObject>? change = null) => ClaimsFor(Issuer, change);

    internal static JsonObject ClaimsFor(string issuer, Action<JsonObject>? change = null)
    {
        var claims = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = "user-alice",
            ["aud"] = ClientId,
            ["iat"] = Now,
            ["exp"] = Now + 600,
        };
        change?.Invoke(claims);
        return claims;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var validator in _validators)
        {
            validator.Dispose();
        }

        await Provider.DisposeAsync();
    }
}
