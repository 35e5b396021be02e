namespace Sts.Core.WebIdentity;

/// <summary>
/// The steps of <see cref="ValidateAsync"/>, in their order: read the token; check it against the provider
/// registered for its issuer; fetch (or take the cached) keys; verify the signature and build the result.
/// Each step is synchronous; the async continuations only wait for the provider list or the keys in between.
/// </summary>
public sealed partial class WebIdentityTokenValidator
{
    /// <summary>A parsed token with its standard claims read, before its provider is known.</summary>
    private readonly record struct TokenRead(CompactJwt Jwt, StandardClaims Claims);

    /// <summary>A token whose provider, issuer, audience, lifetime, session tags and source identity passed; its signature is next.</summary>
    private readonly record struct CheckedToken(
        CompactJwt Jwt,
        StandardClaims Claims,
        OidcProviderRegistration Registration,
        string Audience,
        Lifetime Lifetime,
        IReadOnlyList<WebIdentitySessionTag> SessionTags,
        IReadOnlyList<string> TransitiveTagKeys,
        string? SourceIdentity,
        string IssuerUrl);

    private StsResult<TokenRead> ReadToken(string token)
    {
        // The size limit comes before any parsing.
        if (token.Length > _options.MaxTokenLength || token.Length < 4)
        {
            return WebIdentityErrors.TokenLength(_options.MaxTokenLength, token.Length > _options.MaxTokenLength);
        }

        var parsed = CompactJwt.Parse(token);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var claims = ReadStandardClaims(parsed.Value.Payload);
        if (!claims.IsSuccess)
        {
            return claims.Error;
        }

        return new TokenRead(parsed.Value, claims.Value);
    }

    private StsResult<CheckedToken> CheckAgainstProvider(in TokenRead read, OidcProviderRegistration? registration)
    {
        var (jwt, standard) = read;
        if (registration is null)
        {
            return WebIdentityErrors.Invalid($"No OpenIDConnect provider found in your account for {WebIdentityErrors.Quote(standard.Issuer)}");
        }

        var issuerCheck = CheckIssuer(standard.Issuer, registration);
        if (issuerCheck is not null)
        {
            return issuerCheck;
        }

        var audience = MatchAudience(standard, registration);
        if (!audience.IsSuccess)
        {
            return audience.Error;
        }

        var lifetime = CheckLifetime(jwt.Payload);
        if (!lifetime.IsSuccess)
        {
            return lifetime.Error;
        }

        var tags = ReadSessionTags(jwt.Payload);
        if (!tags.IsSuccess)
        {
            return tags.Error;
        }

        var sourceIdentity = ReadSourceIdentity(jwt.Payload);
        if (!sourceIdentity.IsSuccess)
        {
            return sourceIdentity.Error;
        }

        var scheme = OidcIssuer.Scheme(registration.Url);
        if (scheme != "https" && !_options.AllowHttpIssuers
            && !(registration.HttpLoopbackAllowed && scheme == "http" && OidcIssuer.IsLoopbackUrl(registration.Url)))
        {
            return WebIdentityErrors.Invalid(
                $"The OpenIDConnect provider {WebIdentityErrors.Quote(registration.Url)} does not use https:// and http issuers are not allowed");
        }

        var (sessionTags, transitiveKeys) = tags.Value;
        return new CheckedToken(
            jwt, standard, registration, audience.Value, lifetime.Value, sessionTags, transitiveKeys, sourceIdentity.Value, registration.Url.TrimEnd('/'));
    }

    /// <summary>Verifies with the provider's key set, first refreshing it (within the unknown-kid rate limit) when it lacks the token's kid.</summary>
    private ValueTask<StsResult<ValidatedWebIdentity>> VerifyWithKeys(in CheckedToken token, StsResult<ProviderKeySet> keySet, CancellationToken cancellationToken)
    {
        if (!keySet.IsSuccess)
        {
            return new(keySet.Error);
        }

        if (token.Jwt.KeyId is { } kid && !keySet.Value.ByKeyId.ContainsKey(kid))
        {
            return RefreshThenVerifyAsync(token, cancellationToken);
        }

        return new(VerifyAndBuild(token, keySet.Value));
    }

    private async ValueTask<StsResult<ValidatedWebIdentity>> ContinueAfterLookupAsync(
        TokenRead read, ValueTask<OidcProviderRegistration?> lookup, CancellationToken cancellationToken)
    {
        var registration = await lookup.ConfigureAwait(false);
        var checkedToken = CheckAgainstProvider(read, registration);
        if (!checkedToken.IsSuccess)
        {
            return checkedToken.Error;
        }

        var keys = await _keys.GetAsync(checkedToken.Value.IssuerUrl, cancellationToken).ConfigureAwait(false);
        return await VerifyWithKeys(checkedToken.Value, keys, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<StsResult<ValidatedWebIdentity>> ContinueAfterKeysAsync(
        CheckedToken token, ValueTask<StsResult<ProviderKeySet>> keys, CancellationToken cancellationToken)
    {
        var keySet = await keys.ConfigureAwait(false);
        return await VerifyWithKeys(token, keySet, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<StsResult<ValidatedWebIdentity>> RefreshThenVerifyAsync(CheckedToken token, CancellationToken cancellationToken)
    {
        var refreshed = await _keys.RefreshForUnknownKeyAsync(token.IssuerUrl, cancellationToken).ConfigureAwait(false);
        return refreshed is null ? UnknownKeyId(token.Jwt.KeyId!) : VerifyAndBuild(token, refreshed);
    }

    private StsResult<ValidatedWebIdentity> VerifyAndBuild(in CheckedToken token, ProviderKeySet keys)
    {
        var verified = VerifySignature(token.Jwt, token.Registration, keys);
        if (!verified.IsSuccess)
        {
            return verified.Error;
        }

        var jwt = token.Jwt;
        var standard = token.Claims;
        return new ValidatedWebIdentity
        {
            ProviderArn = token.Registration.Arn,
            ProviderName = token.Registration.Name,
            Issuer = standard.Issuer,
            Subject = standard.Subject,
            Audience = token.Audience,
            AuthorizedParty = standard.AuthorizedParty,
            AuthenticationMethods = standard.AuthenticationMethods,
            Algorithm = jwt.Algorithm.Name(),
            KeyId = verified.Value.KeyId,
            IssuedAt = token.Lifetime.IssuedAt,
            ExpiresAt = token.Lifetime.ExpiresAt,
            Claims = jwt.Payload,
            SessionTags = token.SessionTags,
            TransitiveTagKeys = token.TransitiveTagKeys,
            SourceIdentity = token.SourceIdentity,
            ConditionKeys = new WebIdentityConditionKeys(
                token.Registration.Name, jwt.Payload, token.Audience, token.SessionTags, token.TransitiveTagKeys, token.SourceIdentity),
        };
    }

    /// <summary>As an async method would end: a canceled task for <see cref="OperationCanceledException"/>, a faulted one otherwise.</summary>
    private static ValueTask<StsResult<ValidatedWebIdentity>> Faulted(Exception exception)
    {
        var completion = new TaskCompletionSource<StsResult<ValidatedWebIdentity>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (exception is OperationCanceledException canceled)
        {
            completion.SetCanceled(canceled.CancellationToken);
        }
        else
        {
            completion.SetException(exception);
        }

        return new(completion.Task);
    }
}
