using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// Differential evidence: tokens issued by npm <c>oidc-provider</c> (a certified OpenID provider,
/// independent of Sts and of IdentityModel), discovered and verified over real HTTP on 127.0.0.1.
/// </summary>
[TestFixture]
public sealed class OidcProviderInteropTests
{
    private static readonly WebIdentityOptions Options = new() { AllowHttpIssuers = true };

    private OidcProviderProcess _provider = null!;
    private string _rs256Token = null!;
    private string _es256Token = null!;

    [OneTimeSetUp]
    public async Task StartProvider()
    {
        _ = NodeTools.Directory;
        _provider = await OidcProviderProcess.StartAsync();
        _rs256Token = await _provider.ClientCredentialsTokenAsync("urn:sts:rs256");
        _es256Token = await _provider.ClientCredentialsTokenAsync("urn:sts:es256");
    }

    [OneTimeTearDown]
    public async Task StopProvider() => await _provider.DisposeAsync();

    private OidcProviderList Providers(params string[] clientIds) =>
        new([new OidcProviderRegistration("arn:aws:iam::123456789012:oidc-provider/" + OidcIssuer.Normalize(_provider.Issuer), _provider.Issuer, clientIds, [])]);

    /// <summary>A fake clock set one second after the token's own iat (the provider stamps it with the real time).</summary>
    private static FakeTimeProvider ClockFor(string token)
    {
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
        var iat = payload.RootElement.GetProperty("iat").GetInt64();
        return new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(iat + 1));
    }

    [Test]
    public async Task ValidateAsync_Rs256AccessTokenFromOidcProvider_Succeeds()
    {
        using var validator = new WebIdentityTokenValidator(Options, ClockFor(_rs256Token));

        var result = await validator.ValidateAsync(_rs256Token, Providers(OidcProviderProcess.ClientId));

        result.Error.Should().BeNull();
        var identity = result.Value;
        identity.Algorithm.Should().Be("RS256");
        identity.KeyId.Should().Be("op-rsa-1");
        identity.Issuer.Should().Be(_provider.Issuer);
        identity.Subject.Should().Be(OidcProviderProcess.ClientId);
        identity.Audience.Should().Be(OidcProviderProcess.ClientId);
        identity.ConditionKeys[identity.ProviderName + ":scope"].Should().Equal("api");
        identity.ConditionKeys[identity.ProviderName + ":client_id"].Should().Equal(OidcProviderProcess.ClientId);
    }

    [Test]
    public async Task ValidateAsync_Es256AccessTokenSignedWithBareEcKey_SucceedsWithTagsAndSourceIdentity()
    {
        using var validator = new WebIdentityTokenValidator(Options, ClockFor(_es256Token));

        var result = await validator.ValidateAsync(_es256Token, Providers(OidcProviderProcess.ClientId));

        result.Error.Should().BeNull();
        var identity = result.Value;
        identity.Algorithm.Should().Be("ES256");
        identity.KeyId.Should().Be("op-ec-1");
        identity.SessionTags.Select(t => (t.Key, t.Value, t.IsTransitive)).Should().Equal(("Department", "Engineering", false), ("Project", "Sts", true));
        identity.SourceIdentity.Should().Be("alice@example.com");
        identity.ConditionKeys["aws:TagKeys"].Should().Equal("Department", "Project");
    }

    [Test]
    public async Task ValidateAsync_SeveralTokensFromOidcProvider_FetchKeysOnce()
    {
        var clock = ClockFor(_rs256Token);
        var counter = new CountingHandler(new HttpClientHandler());
        using var client = new HttpClient(counter);
        using var validator = new WebIdentityTokenValidator(Options, clock, client);

        for (var i = 0; i < 20; i++)
        {
            (await validator.ValidateAsync(i % 2 == 0 ? _rs256Token : _es256Token, Providers(OidcProviderProcess.ClientId))).Error.Should().BeNull();
        }

        counter.JwksRequests.Should().Be(1);
        counter.TotalRequests.Should().Be(2);
    }

    [Test]
    public async Task ValidateAsync_OidcProviderTokenAfterExpiry_ReturnsExpiredTokenException()
    {
        var clock = ClockFor(_rs256Token);
        using var validator = new WebIdentityTokenValidator(Options, clock);
        clock.Advance(TimeSpan.FromMinutes(10) + Options.ClockLeeway + TimeSpan.FromSeconds(1));

        var result = await validator.ValidateAsync(_rs256Token, Providers(OidcProviderProcess.ClientId));

        result.Error!.Code.Should().Be("ExpiredTokenException");
    }

    [Test]
    public async Task ValidateAsync_OidcProviderTokenForAnotherClient_IncorrectTokenAudience()
    {
        using var validator = new WebIdentityTokenValidator(Options, ClockFor(_rs256Token));

        var result = await validator.ValidateAsync(_rs256Token, Providers("another-client"));

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().StartWith("Incorrect token audience");
    }

    [Test]
    public async Task ValidateAsync_OidcProviderTokenWithForgedSubject_SignatureInvalid()
    {
        var parts = _es256Token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]))
            .Replace("\"sub\":\"sts-client\"", "\"sub\":\"root\"", StringComparison.Ordinal);
        var forged = string.Join('.', parts[0], Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload)), parts[2]);
        using var validator = new WebIdentityTokenValidator(Options, ClockFor(_es256Token));

        var result = await validator.ValidateAsync(forged, Providers(OidcProviderProcess.ClientId));

        payload.Should().Contain("\"sub\":\"root\"");
        result.Error!.Message.Should().Be("The web identity token signature is invalid");
    }

    [Test]
    public async Task ValidateAsync_OidcProviderOverHttpByDefault_IsRefused()
    {
        using var validator = new WebIdentityTokenValidator(new WebIdentityOptions(), ClockFor(_rs256Token));

        var result = await validator.ValidateAsync(_rs256Token, Providers(OidcProviderProcess.ClientId));

        result.Error!.Message.Should().Contain("does not use https://");
    }
}
