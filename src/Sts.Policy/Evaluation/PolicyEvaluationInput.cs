namespace Sts.Policy.Evaluation;

/// <summary>
/// The policies that decide requests of one principal against one resource owner: identity policies,
/// an optional permissions boundary, optional session policies (one set: an Allow in at least one, no
/// Deny in any) and an optional resource policy. Immutable; build once and reuse for many requests.
/// </summary>
public sealed class PolicyEvaluationInput
{
    private readonly CompiledPolicy? _boundary;
    private readonly CompiledPolicy? _resource;

    /// <summary>The principal's identity policies (default: none).</summary>
    public PolicySet IdentityPolicies { get; init; } = PolicySet.Empty;

    /// <summary>The principal's permissions boundary, or null for none.</summary>
    public CompiledPolicy? PermissionsBoundary
    {
        get => _boundary;
        init
        {
            _boundary = value;
            BoundarySet = value?.AsSet;
        }
    }

    /// <summary>The session's policies; null or empty means the session has none.</summary>
    public PolicySet? SessionPolicies { get; init; }

    /// <summary>The resource policy (e.g. a bucket policy), or null for none.</summary>
    public CompiledPolicy? ResourcePolicy
    {
        get => _resource;
        init
        {
            _resource = value;
            ResourceSet = value?.AsSet;
        }
    }

    /// <summary>The account (12 digits, a Ceph tenant, or empty for the default tenant) that owns the resource (and its resource policy); null means the caller's account.</summary>
    public string? ResourceAccountId { get; init; }

    internal PolicySet? BoundarySet { get; private init; }

    internal PolicySet? ResourceSet { get; private init; }
}
