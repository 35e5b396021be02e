using System.Collections.Immutable;
using System.Globalization;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Core.SecurityToken;

/// <summary><c>AssumeRoleWithWebIdentity</c>.</summary>
public sealed partial class StsService
{
    /// <summary>The longest <c>WebIdentityToken</c>, in characters (model constraint).</summary>
    public const int MaxWebIdentityTokenLength = 20000;

    private const string AssumeRoleWithWebIdentityAction = "sts:AssumeRoleWithWebIdentity";

    private readonly CompiledPolicyCache _webIdentityTrustCache = new(1024);

    /// <summary>
    /// <c>AssumeRoleWithWebIdentity</c>: temporary credentials for a role session, in exchange for an OIDC token.
    /// The caller is not authenticated: the token is the credential. Checks, in order: the request's model constraints;
    /// the session policy's grammar; the role (an unknown role is <c>AccessDenied</c>, as AWS does not reveal whether it
    /// exists); the duration (900 to the role maximum); the token, against the OIDC providers registered in the role's
    /// account; then trust, with the provider ARN as the <c>Federated</c> principal, the token's condition keys and the role's tags (<c>iam:ResourceTag/KEY</c>, as AssumeRole gives them):
    /// <c>sts:AssumeRoleWithWebIdentity</c>, plus <c>sts:TagSession</c> when the token carries session tags and
    /// <c>sts:SetSourceIdentity</c> when it carries a source identity. Only the trust policy decides: a web identity has
    /// no identity policies of its own. Last, the <c>PolicyArns</c> must exist in the role's account, as for AssumeRole.
    /// </summary>
    /// <param name="request">The parameters.</param>
    /// <param name="cancellationToken">Cancels lookups and key fetches.</param>
    /// <returns>
    /// The credentials, subject, provider, audience, session ARN and packed size; or <c>ValidationError</c>,
    /// <c>MalformedPolicyDocument</c>, <c>AccessDenied</c> (unknown role, trust, web identity not configured),
    /// <c>PackedPolicyTooLarge</c>, <c>NoSuchEntity</c> (a <c>PolicyArns</c> policy that does not exist, when
    /// <see cref="ManagedSessionPolicies"/> is set), and the token errors of <see cref="WebIdentityTokenValidator.ValidateAsync"/>
    /// (<c>InvalidIdentityToken</c>, <c>ExpiredTokenException</c>, <c>IDPCommunicationError</c>, <c>IDPRejectedClaim</c>).
    /// </returns>
    public async ValueTask<StsResult<AssumeRoleWithWebIdentityResponse>> AssumeRoleWithWebIdentityAsync(
        AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken = default)
    {
        var scope = Telemetry.StsTelemetry.StartOperation("STS", "AssumeRoleWithWebIdentity");
        var result = await AssumeRoleWithWebIdentityCoreAsync(request, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("AssumeRoleWithWebIdentity", StsErrors.Quote(request.RoleArn), result.IsSuccess ? result.Value.Credentials.AccessKeyId : null, result.Error);
        return result;
    }

    private async ValueTask<StsResult<AssumeRoleWithWebIdentityResponse>> AssumeRoleWithWebIdentityCoreAsync(
        AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ValidateAssumeRoleWithWebIdentity(request) is { } invalid)
        {
            return invalid;
        }

        if (request.Policy is not null)
        {
            var parsed = PolicyParser.Parse(request.Policy, PolicyKind.Session);
            if (!parsed.IsValid)
            {
                return StsErrors.MalformedPolicy(parsed.FirstError?.Message ?? "The session policy is not valid.");
            }
        }

        if (_webIdentity is null || _oidcProviders is null)
        {
            return WebIdentityNotAuthorized("web identity federation is not configured on this service");
        }

        var role = await _roles.FindRoleAsync(request.RoleArn, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return WebIdentityNotAuthorized(null);
        }

        var duration = request.DurationSeconds ?? DefaultRoleSessionSeconds;
        if (duration > role.MaxSessionDurationSeconds)
        {
            return StsErrors.ExceedsRoleMaximum();
        }

        var validated = await _webIdentity.ValidateAsync(request.WebIdentityToken, _oidcProviders.ForAccount(role.Account), cancellationToken).ConfigureAwait(false);
        if (!validated.IsSuccess)
        {
            return validated.Error;
        }

        var identity = validated.Value;
        var tags = identity.SessionTags.Select(t => new SessionTag(t.Key, t.Values)).ToImmutableArray();
        var transitiveKeys = identity.TransitiveTagKeys.ToImmutableArray();
        var now = _time.GetUtcNow();
        var denied = AuthorizeWebIdentity(role, identity, request.RoleSessionName, now);
        if (denied is not null)
        {
            return denied;
        }

        if (await CheckPolicyArnsAsync(role, request.PolicyArns, cancellationToken).ConfigureAwait(false) is { } missingPolicy)
        {
            return missingPolicy;
        }

        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.WebIdentity,
            Account = role.Account,
            RoleArn = role.Arn,
            RoleId = role.RoleId,
            RoleSessionName = request.RoleSessionName,
            SessionPolicy = request.Policy,
            PolicyArns = request.PolicyArns,
            Tags = tags,
            TransitiveTagKeys = transitiveKeys,
            SourceIdentity = identity.SourceIdentity,
            WebIdentityProvider = identity.ProviderName,
            WebIdentitySubject = identity.Subject,
            WebIdentityAudience = identity.Audience,
            WebIdentityAuthenticationMethods = [.. identity.AuthenticationMethods],
            ChainDepth = 0,
            IssuedAt = now,
            Expiration = now.AddSeconds(duration),
        };

        var token = _sealer.Seal(session);
        if (!token.IsSuccess)
        {
            return token.Error;
        }

        return new AssumeRoleWithWebIdentityResponse(
            new TemporaryCredentials(session.AccessKeyId, session.SecretAccessKey, token.Value.Token, session.Expiration),
            identity.Subject,
            new AssumedRoleUser(session.PrincipalArn, session.PrincipalId),
            token.Value.PackedPolicySize,
            identity.Issuer,
            identity.Audience,
            identity.SourceIdentity,
            session);
    }

    private static StsError WebIdentityNotAuthorized(string? detail, string action = AssumeRoleWithWebIdentityAction) => new(
        "AccessDenied", detail is null ? $"Not authorized to perform {action}" : $"Not authorized to perform {action}: {detail}", 403);

    private static StsError? ValidateAssumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest request)
    {
        // The token is a credential: its length is checked without quoting it.
        if (request.WebIdentityToken is null)
        {
            return StsErrors.Validation("1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
        }

        if (request.WebIdentityToken.Length is < 4 or > MaxWebIdentityTokenLength)
        {
            return WebIdentityErrors.TokenLength(MaxWebIdentityTokenLength, request.WebIdentityToken.Length > MaxWebIdentityTokenLength);
        }

        var validator = new StsValidator();
        validator.Text("providerId", request.ProviderId, 4, 2048, null, string.Empty);
        if (validator.ToError() is { } providerError)
        {
            return providerError;
        }

        return ValidateAssumeRole(new AssumeRoleRequest
        {
            RoleArn = request.RoleArn,
            RoleSessionName = request.RoleSessionName,
            DurationSeconds = request.DurationSeconds,
            Policy = request.Policy,
            PolicyArns = request.PolicyArns,
        });
    }

    /// <summary>Evaluates the role's trust policy for every action the session needs; null when all are allowed.</summary>
    private StsError? AuthorizeWebIdentity(StsRole role, ValidatedWebIdentity identity, string roleSessionName, DateTimeOffset now)
    {
        if (!_webIdentityTrustCache.TryGet(role.TrustPolicy.Text, $"{role.RoleId}#trust", PolicySource.Trust, _ => (role.TrustPolicy, null), out var trust, out _))
        {
            return WebIdentityNotAuthorized(null);
        }

        var principal = RequestPrincipal.WebIdentity(identity.ProviderArn);
        var account = role.Account;
        var actions = new[]
        {
            (AssumeRoleWithWebIdentityAction, true),
            (TagSessionAction, identity.SessionTags.Count > 0),
            (SetSourceIdentityAction, identity.SourceIdentity is not null),
        };
        foreach (var (action, needed) in actions)
        {
            if (!needed)
            {
                continue;
            }

            if (!TryBuildWebIdentityContext(principal, action, role, identity, roleSessionName, now, out var context)
                || PolicyEvaluator.EvaluateTrust(trust, context, account).Decision != PolicyDecision.Allow)
            {
                return WebIdentityNotAuthorized(null, action);
            }
        }

        return null;
    }

    private static bool TryBuildWebIdentityContext(
        RequestPrincipal principal, string action, StsRole role, ValidatedWebIdentity identity, string roleSessionName, DateTimeOffset now, out RequestContext context)
    {
        context = null!;
        var builder = new RequestContextBuilder().WithPrincipal(principal).WithAction(action).WithResource(role.Arn);
        if (!builder.TryAdd("aws:CurrentTime", ContextValueType.Date, [Iso8601(now)], out _)
            || !builder.TryAdd("aws:EpochTime", ContextValueType.Numeric, [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)], out _)
            || !builder.TryAdd("sts:RoleSessionName", ContextValueType.String, [roleSessionName], out _)
            || !builder.TryAdd("aws:FederatedProvider", ContextValueType.String, [identity.ProviderArn], out _))
        {
            return false;
        }

        foreach (var (key, values) in identity.ConditionKeys)
        {
            if (!builder.TryAdd(key, ContextValueType.String, values, out _))
            {
                return false;
            }
        }

        foreach (var (key, values) in RoleResourceTagKeys(role))
        {
            if (!builder.TryAdd(key, ContextValueType.String, values, out _))
            {
                return false;
            }
        }

        context = builder.AddPrincipalKeys().Build();
        return true;
    }
}
