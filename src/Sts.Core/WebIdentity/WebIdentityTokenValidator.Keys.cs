using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Sts.Core.WebIdentity;

public sealed partial class WebIdentityTokenValidator
{
    private const int MaxKeysPerSet = 100;

    /// <summary>Number of discovery + JWKS fetches started (for tests and benchmarks).</summary>
    internal int FetchCount => _fetchCount;

    private int _fetchCount;

    /// <summary>Chooses the token's key (by kid, or the single key of a set when the token has none) and verifies the signature.</summary>
    private static StsResult<SigningKey> VerifySignature(CompactJwt jwt, OidcProviderRegistration registration, ProviderKeySet keys)
    {
        SigningKey[] candidates;
        if (jwt.KeyId is { } kid)
        {
            if (!keys.ByKeyId.TryGetValue(kid, out candidates!))
            {
                return UnknownKeyId(kid);
            }
        }
        else if (keys.Keys.Count == 1)
        {
            candidates = [keys.Keys[0]];
        }
        else
        {
            return WebIdentityErrors.Invalid(
                $"The web identity token has no 'kid' and the identity provider's JWKS has {keys.Keys.Count} keys: cannot choose one");
        }

        // The signing input is hashed once (on the stack), then verified against each acceptable, trusted candidate.
        Span<byte> hash = stackalloc byte[64];
        var hashLength = 0;
        var algorithmMatched = false;
        var trusted = false;
        foreach (var key in candidates)
        {
            if (!key.Accepts(jwt.Algorithm))
            {
                continue;
            }

            algorithmMatched = true;
            if (!IsTrusted(key, keys, registration))
            {
                continue;
            }

            trusted = true;
            if (hashLength == 0)
            {
                hashLength = jwt.HashSigningInput(hash);
            }

            if (key.VerifyHash(jwt.Algorithm, hash[..hashLength], jwt.Signature))
            {
                return key;
            }
        }

        if (!algorithmMatched)
        {
            return WebIdentityErrors.Invalid(
                $"The identity provider's key {WebIdentityErrors.Quote(jwt.KeyId ?? "(no kid)")} cannot verify {jwt.Algorithm.Name()} signatures");
        }

        return trusted
            ? WebIdentityErrors.Invalid("The web identity token signature is invalid")
            : WebIdentityErrors.Invalid("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint");
    }

    private static StsError UnknownKeyId(string kid) => WebIdentityErrors.Invalid(
        $"Couldn't retrieve verification key from your identity provider: its JWKS has no key with kid {WebIdentityErrors.Quote(kid)}");

    /// <summary>
    /// Thumbprint pinning: without registered thumbprints every key of the JWKS is trusted; with them,
    /// a key is trusted only when a thumbprint matches a certificate of its <c>x5c</c> chain (Ceph's rule)
    /// or of the TLS chain that served the JWKS (AWS's rule).
    /// </summary>
    private static bool IsTrusted(SigningKey key, ProviderKeySet keys, OidcProviderRegistration registration)
    {
        var pins = registration.Thumbprints;
        if (pins.Count == 0)
        {
            return true;
        }

        foreach (var pin in pins)
        {
            if (ContainsIgnoreCase(key.CertificateThumbprints, pin) || ContainsIgnoreCase(keys.TlsThumbprints, pin))
            {
                return true;
            }
        }

        return false;

        static bool ContainsIgnoreCase(IReadOnlyList<string> list, string value)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private async Task<(ProviderKeySet? Keys, string? Failure)> FetchKeySetAsync(string issuerUrl)
    {
        Interlocked.Increment(ref _fetchCount);
        var startedAt = _time.GetUtcNow();
        // Past the gate above, an http issuer in the cache is allowed: by the option (any host), or as a vouched
        // loopback provider (its documents then come over http from loopback hosts only).
        var http = _options.AllowHttpIssuers ? HttpRule.Anywhere
            : OidcIssuer.Scheme(issuerUrl) == "http" ? HttpRule.LoopbackOnly
            : HttpRule.Never;
        var retriever = new BoundedDocumentRetriever(_http, http, _options.MaxResponseBytes);
        var discovery = issuerUrl + "/.well-known/openid-configuration";
        OpenIdConnectConfiguration configuration;
        using (var timeout = new CancellationTokenSource(_options.HttpTimeout, _time))
        {
            try
            {
                configuration = await OpenIdConnectConfigurationRetriever.GetAsync(discovery, retriever, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                var reason = retriever.Failure ?? $"the discovery document or JWKS of {WebIdentityErrors.Quote(issuerUrl)} is not valid JSON";
                LogFetchFailed(_logger, issuerUrl, reason);
                return (null, reason);
            }
        }

        if (string.IsNullOrEmpty(configuration.JwksUri) || configuration.JsonWebKeySet is null)
        {
            const string reason = "the discovery document has no jwks_uri";
            LogFetchFailed(_logger, issuerUrl, reason);
            return (null, reason);
        }

        if (configuration.JsonWebKeySet.Keys.Count > MaxKeysPerSet)
        {
            var reason = $"the JWKS has {configuration.JsonWebKeySet.Keys.Count} keys, more than the {MaxKeysPerSet} allowed";
            LogFetchFailed(_logger, issuerUrl, reason);
            return (null, reason);
        }

        var keys = new List<SigningKey>(configuration.JsonWebKeySet.Keys.Count);
        foreach (var jwk in configuration.JsonWebKeySet.Keys)
        {
            var key = SigningKey.FromJsonWebKey(jwk, out var skipReason);
            if (key is null)
            {
                LogKeySkipped(_logger, issuerUrl, jwk.Kid ?? "", skipReason ?? "");
                continue;
            }

            keys.Add(key);
        }

        var tlsThumbprints = _tlsRecorder is not null && retriever.LastAddress is { } jwksAddress
            ? _tlsRecorder.ThumbprintsFor(jwksAddress)
            : [];
        return (new ProviderKeySet(keys, startedAt, tlsThumbprints), null);
    }

    [LoggerMessage(EventId = 4001, EventName = "OidcKeysFetchFailed", Level = LogLevel.Warning, Message = "Could not fetch the keys of OIDC issuer {Issuer}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string issuer, string reason);

    [LoggerMessage(EventId = 4002, EventName = "OidcKeySkipped", Level = LogLevel.Information, Message = "Skipped JWK {KeyId} of OIDC issuer {Issuer}: {Reason}")]
    private static partial void LogKeySkipped(ILogger logger, string issuer, string keyId, string reason);
}
