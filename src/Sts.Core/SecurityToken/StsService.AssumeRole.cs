using System.Collections.Immutable;
using Sts.Core.Tokens;
using Sts.Policy;

namespace Sts.Core.SecurityToken;

/// <summary><c>AssumeRole</c>.</summary>
public sealed partial class StsService
{
    /// <summary>The longest inline session policy, in characters.</summary>
    public const int MaxSessionPolicyLength = 2048;

    private const string AssumeRoleAction = "sts:AssumeRole";
    private const string TagSessionAction = "sts:TagSession";
    private const string SetSourceIdentityAction = "sts:SetSourceIdentity";

    private static readonly string[] AssumeRoleOnly = [AssumeRoleAction];
    private static readonly string[] AssumeRoleAndTagSession = [AssumeRoleAction, TagSessionAction];
    private static readonly string[] AssumeRoleAndSetSourceIdentity = [AssumeRoleAction, SetSourceIdentityAction];
    private static readonly string[] AssumeRoleTagSessionAndSetSourceIdentity = [AssumeRoleAction, TagSessionAction, SetSourceIdentityAction];

    /// <summary>
    /// <c>AssumeRole</c>: temporary credentials for a role session. Checks, in order: the request's model constraints;
    /// the session policy's grammar; the caller's chain (inherited source identity cannot change, inherited transitive
    /// tags cannot be overridden); the role; the duration (900 to the role maximum, one hour when chaining); MFA; then
    /// trust: <c>sts:AssumeRole</c>, plus <c>sts:TagSession</c> when the session gets session tags and
    /// <c>sts:SetSourceIdentity</c> when it gets a source identity.
    /// </summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The parameters.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>
    /// The credentials, session ARN and packed size; or <c>ValidationError</c>, <c>MalformedPolicyDocument</c>,
    /// <c>AccessDenied</c> (trust, a missing role, MFA), <c>PackedPolicyTooLarge</c>, <c>NoSuchEntity</c> (a <c>PolicyArns</c>
    /// policy that does not exist, when <see cref="ManagedSessionPolicies"/> is set).
    /// </returns>
    public async ValueTask<StsResult<AssumeRoleResponse>> AssumeRoleAsync(StsCaller caller, AssumeRoleRequest request, CancellationToken cancellationToken = default)
    {
        var scope = Telemetry.StsTelemetry.StartOperation("STS", "AssumeRole");
        var result = await AssumeRoleCoreAsync(caller, request, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("AssumeRole", caller.Arn, result.IsSuccess ? result.Value.Credentials.AccessKeyId : null, result.Error);
        return result;
    }

    private async ValueTask<StsResult<AssumeRoleResponse>> AssumeRoleCoreAsync(StsCaller caller, AssumeRoleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (ValidateAssumeRole(request) is { } invalid)
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

        var inherited = caller.Session;
        if (inherited?.SourceIdentity is { } fixedSource && request.SourceIdentity is { } requested
            && !string.Equals(fixedSource, requested, StringComparison.Ordinal))
        {
            return StsErrors.Validation($"The source identity of this role chain is '{fixedSource}' and cannot be changed to '{StsErrors.Quote(requested)}'.");
        }

        var tags = ComposeTags(request, inherited, out var transitiveKeys, out var tagError);
        if (tagError is not null)
        {
            return tagError;
        }

        var role = await _roles.FindRoleAsync(request.RoleArn, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            // AWS does not reveal whether the role exists.
            return StsErrors.NotAuthorized(caller, AssumeRoleAction, request.RoleArn);
        }

        var chaining = caller.IsTemporary;
        var duration = request.DurationSeconds ?? DefaultRoleSessionSeconds;
        if (chaining && duration > MaxChainedSessionSeconds)
        {
            return StsErrors.ExceedsChainingLimit();
        }

        if (duration > role.MaxSessionDurationSeconds)
        {
            return StsErrors.ExceedsRoleMaximum();
        }

        var mfa = await VerifyMfaAsync(caller, request.SerialNumber, request.TokenCode, cancellationToken).ConfigureAwait(false);
        if (!mfa.IsSuccess)
        {
            return mfa.Error;
        }

        var now = _time.GetUtcNow();
        var mfaAt = mfa.Value ?? inherited?.MultiFactorAuthenticatedAt;
        var sourceIdentity = request.SourceIdentity ?? inherited?.SourceIdentity;
        var context = AssumeRoleContext(caller, role, request, mfaAt, sourceIdentity, now);
        var denied = await AuthorizeAssumeRoleAsync(caller, role, context, tags.Length > 0, sourceIdentity is not null, cancellationToken).ConfigureAwait(false);
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
            Kind = SessionPrincipalKind.AssumedRole,
            Account = role.Account,
            RoleArn = role.Arn,
            RoleId = role.RoleId,
            RoleSessionName = request.RoleSessionName,
            SessionPolicy = request.Policy,
            PolicyArns = request.PolicyArns,
            Tags = tags,
            TransitiveTagKeys = transitiveKeys,
            SourceIdentity = sourceIdentity,
            MultiFactorAuthenticatedAt = mfaAt,
            ChainDepth = caller.IsRoleSession ? inherited!.ChainDepth + 1 : 0,
            IssuedAt = now,
            Expiration = now.AddSeconds(duration),
        };

        var token = _sealer.Seal(session);
        if (!token.IsSuccess)
        {
            return token.Error;
        }

        return new AssumeRoleResponse(
            new TemporaryCredentials(session.AccessKeyId, session.SecretAccessKey, token.Value.Token, session.Expiration),
            new AssumedRoleUser(session.PrincipalArn, session.PrincipalId),
            token.Value.PackedPolicySize,
            sourceIdentity,
            session);
    }

    private static StsError? ValidateAssumeRole(AssumeRoleRequest request)
    {
        var validator = new StsValidator();
        validator.Required("roleArn", request.RoleArn);
        validator.Text("roleArn", request.RoleArn, 20, 2048, null, string.Empty);
        validator.Required("roleSessionName", request.RoleSessionName);
        validator.Text("roleSessionName", request.RoleSessionName, 2, 64, StsValidator.NameChars, StsValidator.NamePattern);
        validator.Range("durationSeconds", request.DurationSeconds, 900, 43200);
        validator.PolicyText("policy", request.Policy, MaxSessionPolicyLength);
        validator.Count("policyArns", request.PolicyArns.Length, SessionState.MaxPolicyArns);
        for (var i = 0; i < request.PolicyArns.Length; i++)
        {
            var arn = request.PolicyArns[i];
            validator.Text($"policyArns.{i + 1}.member.arn", arn, 20, 2048, null, string.Empty);
            if (arn is not null && (!Arn.TryParse(arn, out var parsed) || parsed.Service != "iam" || !parsed.Resource.StartsWith("policy/", StringComparison.Ordinal)))
            {
                validator.Add($"policyArns.{i + 1}.member.arn", arn, "Member must be a managed policy ARN (arn:aws:iam::ACCOUNT:policy/NAME)");
            }
        }

        validator.Count("tags", request.Tags.Length, SessionState.MaxTags);
        for (var i = 0; i < request.Tags.Length; i++)
        {
            var tag = request.Tags[i];
            if (tag is null || tag.Key is null || tag.Value is null)
            {
                validator.Add($"tags.{i + 1}.member", null, "Member must have a key and a value");
                continue;
            }

            validator.TagText($"tags.{i + 1}.member.key", tag.Key, 1, SessionState.MaxTagKeyLength);
            validator.TagText($"tags.{i + 1}.member.value", tag.Value, 0, SessionState.MaxTagValueLength);
        }

        validator.Count("transitiveTagKeys", request.TransitiveTagKeys.Length, SessionState.MaxTags);
        for (var i = 0; i < request.TransitiveTagKeys.Length; i++)
        {
            var key = request.TransitiveTagKeys[i];
            validator.Required($"transitiveTagKeys.{i + 1}.member", key);
            if (key is not null)
            {
                validator.TagText($"transitiveTagKeys.{i + 1}.member", key, 1, SessionState.MaxTagKeyLength);
            }
        }

        validator.Text("externalId", request.ExternalId, 2, 1224, StsValidator.ExternalIdChars, StsValidator.ExternalIdPattern);
        validator.Text("serialNumber", request.SerialNumber, 9, 256, StsValidator.SerialNumberChars, StsValidator.SerialNumberPattern);
        validator.Text("tokenCode", request.TokenCode, 6, 6, StsValidator.Digits, StsValidator.TokenCodePattern);
        validator.Text("sourceIdentity", request.SourceIdentity, 2, 64, StsValidator.NameChars, StsValidator.NamePattern);
        if (validator.ToError() is { } error)
        {
            return error;
        }

        return Arn.TryParse(request.RoleArn, out var role) && role.Service == "iam" && role.Resource.StartsWith("role/", StringComparison.Ordinal) && role.Resource.Length > 5
            ? null
            : StsErrors.Validation($"1 validation error detected: Value '{StsErrors.Quote(request.RoleArn)}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
    }

    /// <summary>
    /// The new session's tags: the request's tags plus the caller's transitive tags (which a request tag may not override),
    /// and its transitive keys: the request's plus the inherited ones. Keys compare ignoring case.
    /// </summary>
    private static ImmutableArray<SessionTag> ComposeTags(AssumeRoleRequest request, SessionState? inherited, out ImmutableArray<string> transitiveKeys, out StsError? error)
    {
        transitiveKeys = [];
        error = null;
        if (request.Tags.IsEmpty && request.TransitiveTagKeys.IsEmpty && (inherited is null || inherited.TransitiveTagKeys.IsEmpty))
        {
            return [];
        }

        var tags = ImmutableArray.CreateBuilder<SessionTag>();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in request.Tags)
        {
            if (!keys.Add(tag.Key))
            {
                error = StsErrors.Validation($"Duplicate tag keys found: '{StsErrors.Quote(tag.Key)}'. Please note that Tag keys are case insensitive.");
                return [];
            }

            tags.Add(tag);
        }

        var transitive = ImmutableArray.CreateBuilder<string>();
        var transitiveSet = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in request.TransitiveTagKeys)
        {
            if (!keys.Contains(key))
            {
                error = StsErrors.Validation($"The transitive tag key '{StsErrors.Quote(key)}' names no tag of this request.");
                return [];
            }

            if (transitiveSet.Add(key))
            {
                transitive.Add(key);
            }
        }

        if (inherited is not null)
        {
            foreach (var key in inherited.TransitiveTagKeys)
            {
                if (keys.Contains(key))
                {
                    error = StsErrors.Validation($"The tag key '{StsErrors.Quote(key)}' is a transitive tag of the calling session and cannot be set again.");
                    return [];
                }

                if (inherited.Tags.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)) is { } inheritedTag)
                {
                    // The whole tag travels, every value of a multi-valued (Ceph profile) tag included.
                    tags.Add(inheritedTag);
                    keys.Add(inheritedTag.Key);
                    if (transitiveSet.Add(key))
                    {
                        transitive.Add(key);
                    }
                }
            }
        }

        if (tags.Sum(t => 1 + t.AdditionalValues.Length) > SessionState.MaxTags)
        {
            error = StsErrors.Validation($"The session would carry {tags.Count} tags (passed and inherited transitive tags); at most {SessionState.MaxTags} are allowed.");
            return [];
        }

        transitiveKeys = transitive.ToImmutable();
        return tags.ToImmutable();
    }

    /// <summary>
    /// The role being assumed is the resource: its tags are <c>iam:ResourceTag/KEY</c> (and <c>aws:ResourceTag/KEY</c>) to
    /// its trust policy, for AssumeRole and AssumeRoleWithWebIdentity alike; a key the role holds several times (Ceph
    /// profile) gives every value.
    /// </summary>
    private static IEnumerable<(string Key, ImmutableArray<string> Values)> RoleResourceTagKeys(StsRole role)
    {
        if (role.Tags.IsEmpty)
        {
            yield break;
        }

        foreach (var group in role.Tags.GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase))
        {
            ImmutableArray<string> values = [.. group.Select(t => t.Value)];
            yield return ($"iam:ResourceTag/{group.Key}", values);
            yield return ($"aws:ResourceTag/{group.Key}", values);
        }
    }

    private static IReadOnlyDictionary<string, ImmutableArray<string>> AssumeRoleContext(
        StsCaller caller, StsRole role, AssumeRoleRequest request, DateTimeOffset? mfaAt, string? sourceIdentity, DateTimeOffset now)
    {
        var keys = CallerContext(caller, now);
        foreach (var (key, values) in RoleResourceTagKeys(role))
        {
            keys[key] = values;
        }

        keys["sts:RoleSessionName"] = [request.RoleSessionName];
        if (request.ExternalId is not null)
        {
            keys["sts:ExternalId"] = [request.ExternalId];
        }

        if (sourceIdentity is not null)
        {
            keys["sts:SourceIdentity"] = [sourceIdentity];
        }

        if (mfaAt is { } authenticated)
        {
            keys["aws:MultiFactorAuthPresent"] = ["true"];
            keys["aws:MultiFactorAuthAge"] = [SecondsBetween(authenticated, now)];
        }

        if (!request.Tags.IsEmpty)
        {
            foreach (var tag in request.Tags)
            {
                keys[$"aws:RequestTag/{tag.Key}"] = [tag.Value];
            }

            keys["aws:TagKeys"] = [.. request.Tags.Select(t => t.Key)];
        }

        if (!request.TransitiveTagKeys.IsEmpty)
        {
            keys["sts:TransitiveTagKeys"] = request.TransitiveTagKeys;
        }

        return keys.AsReadOnly();
    }

    private async ValueTask<StsError?> AuthorizeAssumeRoleAsync(
        StsCaller caller, StsRole role, IReadOnlyDictionary<string, ImmutableArray<string>> context, bool tagsSession, bool setsSourceIdentity, CancellationToken cancellationToken)
    {
        var actions = (tagsSession, setsSourceIdentity) switch
        {
            (false, false) => AssumeRoleOnly,
            (true, false) => AssumeRoleAndTagSession,
            (false, true) => AssumeRoleAndSetSourceIdentity,
            (true, true) => AssumeRoleTagSessionAndSetSourceIdentity,
        };

        if (_decider is PolicyEvaluatorStsDecider evaluator)
        {
            // One request context, trust policy and caller policy set for all the actions of this call.
            var denied = await evaluator.FindDeniedAssumeRoleActionAsync(role, caller, actions, context, cancellationToken).ConfigureAwait(false);
            return denied is null ? null : StsErrors.NotAuthorized(caller, denied, role.Arn);
        }

        foreach (var action in actions)
        {
            var decision = await _decider.DecideAssumeRoleAsync(role, new StsAuthorizationRequest(caller, action, role.Arn, context), cancellationToken).ConfigureAwait(false);
            if (decision != StsDecision.Allow)
            {
                return StsErrors.NotAuthorized(caller, action, role.Arn);
            }
        }

        return null;
    }
}
