using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Tokens;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Core.SecurityToken;

/// <summary>
/// STS's view of the IAM store (<see cref="IamService"/>): roles by ARN with their parsed trust policy, the account of
/// a long-term access key, enabled virtual MFA devices, and the caller's compiled identity policies, permissions boundary
/// and session policies (inline and managed) for <see cref="PolicyEvaluatorStsDecider"/>. Roles and policies follow every IAM change through the IAM cache; parsed
/// trust policies are kept per role version, compiled policies in a <see cref="CompiledPolicyCache"/> keyed by text.
/// </summary>
public sealed class IamStsDirectory : IRoleResolver, IAccessKeyAccountResolver, ICallerPolicySource, IMfaDeviceResolver, IManagedSessionPolicySource
{
    private static readonly CompiledPolicy RootPolicy = CompiledPolicy.Compile(
        PolicyParser.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyKind.Identity).Document!,
        "account-root",
        PolicySource.Identity);

    private static readonly PolicySet RootPolicySet = new([RootPolicy]);

    /// <summary>Principals whose last identity policy set is remembered (the memo is emptied when it grows past this).</summary>
    private const int IdentitySetMemoCapacity = 4096;

    private readonly IamService _iam;
    private readonly CompiledPolicyCache _cache;
    private readonly PolicyParserOptions _parserOptions;

    // Parse callbacks for the compiled policy cache, made once (a lambda per lookup would allocate a closure each time).
    private readonly Func<string, (PolicyDocument? Document, string? Error)> _parseIdentity;
    private readonly Func<string, (PolicyDocument? Document, string? Error)> _parseSession;
    private readonly ConditionalWeakTable<IamRole, StsRole> _roles = new();

    // The last identity policy set built per principal ARN. A set is reused only while it holds the very same compiled
    // policies (the compiled policy cache hands out one instance per text and source id), so any IAM change that alters
    // the caller's policies builds a new set; building a set (its action index) costs more than the whole evaluation.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PolicySet> _identitySets = new(StringComparer.Ordinal);

    /// <summary>Creates the directory.</summary>
    /// <param name="iam">The IAM service whose store holds users, roles and policies.</param>
    /// <param name="cache">The compiled policy cache; a private one when null.</param>
    public IamStsDirectory(IamService iam, CompiledPolicyCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(iam);
        _iam = iam;
        _cache = cache ?? new CompiledPolicyCache();
        _parserOptions = new PolicyParserOptions { IgnorePrincipalInIdentityPolicies = iam.Options.IgnoresIdentityPolicyPrincipal };
        _parseIdentity = text => Parse(text, PolicyKind.Identity);
        _parseSession = text => Parse(text, PolicyKind.Session);
    }

    /// <inheritdoc />
    /// <remarks>A role whose stored trust policy no longer parses is treated as missing: it trusts nobody.</remarks>
    public async ValueTask<StsRole?> FindRoleAsync(string roleArn, CancellationToken cancellationToken = default)
    {
        var role = await _iam.GetRoleByArnAsync(roleArn, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return null;
        }

        if (_roles.TryGetValue(role, out var known))
        {
            return known;
        }

        var trust = PolicyParser.Parse(role.AssumeRolePolicyDocument, PolicyKind.Trust);
        if (!trust.IsValid || !Arn.TryParse(role.Arn, out var arn))
        {
            return null;
        }

        var stsRole = new StsRole
        {
            Arn = role.Arn,
            RoleId = role.RoleId,
            Account = arn.Account,
            MaxSessionDurationSeconds = role.MaxSessionDuration,
            TrustPolicy = trust.Document,
            Tags = [.. role.Tags.Select(t => new SessionTag(t.Key, t.Value))],
        };
        _roles.AddOrUpdate(role, stsRole);
        return stsRole;
    }

    /// <inheritdoc />
    public async ValueTask<string?> FindAccountAsync(string accessKeyId, CancellationToken cancellationToken = default) =>
        (await _iam.ResolveAccessKeyAsync(accessKeyId, cancellationToken).ConfigureAwait(false))?.Principal.Account.Value;

    /// <inheritdoc />
    /// <remarks>A policy of another account than the role's is refused like a missing one: session policies come from the role's account.</remarks>
    public async ValueTask<StsError?> CheckPolicyArnsAsync(string roleAccount, ImmutableArray<string> policyArns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roleAccount);
        foreach (var policyArn in policyArns)
        {
            if (!IamArn.TryParse(policyArn, "policy", out var arn) || arn.Account.Value != roleAccount
                || await _iam.GetDefaultPolicyVersionAsync(policyArn, cancellationToken).ConfigureAwait(false) is null)
            {
                return IamErrors.NotAttachable(policyArn);
            }
        }

        return null;
    }

    /// <inheritdoc />
    /// <remarks>A device enabled for a user that was since deleted (or deleted and re-created) is not found.</remarks>
    public async ValueTask<MfaDevice?> FindEnabledDeviceAsync(string serialNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        return await _iam.FindEnabledMfaDeviceAsync(serialNumber, cancellationToken).ConfigureAwait(false) is { } device
            ? new MfaDevice(device.SerialNumber, device.UserArn, device.Seed)
            : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The account root is allowed everything in its account. A session's managed session policies (<c>PolicyArns</c>) are
    /// read at their current default version, together with its inline session policy, as its session policies: the
    /// session may do only what they allow. A managed session policy that no longer exists or no longer parses leaves
    /// the session no policies at all (fails closed).
    /// </remarks>
    public async ValueTask<PolicyEvaluationInput?> GetPoliciesAsync(StsCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!AccountId.TryParse(caller.Account, out var account))
        {
            return null;
        }

        var session = caller.Session;
        PolicySet? sessionPolicies = null;
        if (session is not null)
        {
            var compiledSession = new List<CompiledPolicy>(session.PolicyArns.Length + 1);
            if (session.SessionPolicy is { } inline)
            {
                if (!TryCompile(inline, "session-policy", PolicySource.Session, PolicyKind.Session, out var compiled))
                {
                    return null;
                }

                compiledSession.Add(compiled);
            }

            foreach (var policyArn in session.PolicyArns)
            {
                var managed = await _iam.GetDefaultPolicyVersionAsync(policyArn, cancellationToken).ConfigureAwait(false);
                if (managed is null || !TryCompile(managed.Document, managed.SourceId, PolicySource.Session, PolicyKind.Identity, out var compiled))
                {
                    return null;
                }

                compiledSession.Add(compiled);
            }

            sessionPolicies = compiledSession.Count == 0 ? null : new PolicySet(compiledSession);
        }

        IamPrincipal principal;
        if (caller.Kind == StsCallerKind.AccountRoot || (session is { IsRoleSession: false } && session.CallerArn!.EndsWith(":root", StringComparison.Ordinal)))
        {
            return new PolicyEvaluationInput { IdentityPolicies = RootPolicySet, SessionPolicies = sessionPolicies };
        }
        else if (session is { IsRoleSession: true })
        {
            principal = IamPrincipal.AssumedRole(account, session.RoleName!, session.RoleSessionName!);
        }
        else
        {
            principal = new IamPrincipal(account, IamPrincipalKind.User, caller.LongTermIdentityArn!, caller.UserName);
        }

        var effective = await _iam.GetEffectivePoliciesAsync(principal, cancellationToken).ConfigureAwait(false);
        if (effective is null)
        {
            return null;
        }

        var identity = new List<CompiledPolicy>(effective.IdentityPolicies.Length);
        foreach (var policy in effective.IdentityPolicies)
        {
            // A stored policy that no longer parses is skipped: it can only have allowed, never denied, what it grants.
            if (TryCompile(policy.Document, policy.SourceId, PolicySource.Identity, PolicyKind.Identity, out var compiled))
            {
                identity.Add(compiled);
            }
        }

        CompiledPolicy? boundary = null;
        if (effective.PermissionsBoundary is { } boundarySource
            && !TryCompile(boundarySource.Document, boundarySource.SourceId, PolicySource.PermissionsBoundary, PolicyKind.Identity, out boundary))
        {
            return null;
        }

        return new PolicyEvaluationInput { IdentityPolicies = IdentitySet(principal.Arn, identity), PermissionsBoundary = boundary, SessionPolicies = sessionPolicies };
    }

    /// <summary>
    /// The caller's principal tags (<c>aws:PrincipalTag/KEY</c>), as AWS derives them at request time: for a role session,
    /// its session tags and then the role's current tags for keys no session tag has (keys compare ignoring case, the merge
    /// <see cref="StsCaller.ForSession(SessionState, ImmutableArray{SessionTag})"/> uses); for an
    /// IAM user signing with its key or a GetSessionToken session, the user's tags; none for the account root. One entry
    /// per key: a key with several values (Ceph's multi-valued web identity and role tags) holds them all.
    /// </summary>
    /// <param name="caller">The caller.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>The tags, session tags first; empty when the caller has none or its role or user no longer exists.</returns>
    public async ValueTask<IReadOnlyList<SessionTag>> GetPrincipalTagsAsync(StsCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var session = caller.Session;
        if (session is { IsRoleSession: true })
        {
            var role = await _iam.GetRoleByArnAsync(session.RoleArn!, cancellationToken).ConfigureAwait(false);
            return StsCaller.MergeTags(role is null ? [] : StsCaller.EntityTags(role.Tags), session.Tags);
        }

        if (caller.UserName is not { } userName || !AccountId.TryParse(caller.Account, out var account))
        {
            return [];
        }

        var user = await _iam.Repository.GetAsync<UserEntry>(IamKeys.User(account, userName), cancellationToken).ConfigureAwait(false);
        return user is null || !string.Equals(user.Value.User.Arn, caller.LongTermIdentityArn, StringComparison.Ordinal)
            ? []
            : StsCaller.EntityTags(user.Value.User.Tags);
    }

    private (PolicyDocument? Document, string? Error) Parse(string text, PolicyKind kind)
    {
        var parsed = PolicyParser.Parse(text, kind, _parserOptions);
        return (parsed.Document, parsed.FirstError?.Message);
    }

    private PolicySet IdentitySet(string principalArn, List<CompiledPolicy> policies)
    {
        if (_identitySets.TryGetValue(principalArn, out var known) && SamePolicies(known.Policies, policies))
        {
            return known;
        }

        var set = new PolicySet(policies);
        if (_identitySets.Count >= IdentitySetMemoCapacity)
        {
            _identitySets.Clear();
        }

        _identitySets[principalArn] = set;
        return set;
    }

    private static bool SamePolicies(ImmutableArray<CompiledPolicy> known, List<CompiledPolicy> current)
    {
        if (known.Length != current.Count)
        {
            return false;
        }

        for (var i = 0; i < known.Length; i++)
        {
            if (!ReferenceEquals(known[i], current[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryCompile(string text, string id, PolicySource source, PolicyKind kind, out CompiledPolicy policy)
    {
        var found = _cache.TryGet(text, id, source, kind == PolicyKind.Session ? _parseSession : _parseIdentity, out var compiled, out _);
        policy = compiled!;
        return found;
    }
}
