namespace Sts.Core.Iam;

/// <summary>Options of <see cref="IamService"/>: quotas (AWS defaults) and the cache. Validated once, by the service constructor.</summary>
public sealed class IamServiceOptions
{
    /// <summary>Access keys per user (and per account root). Default 2, as AWS.</summary>
    public int MaxAccessKeysPerUser { get; init; } = 2;

    /// <summary>Stored versions per managed policy. Default 5, as AWS.</summary>
    public int MaxPolicyVersions { get; init; } = 5;

    /// <summary>Managed policies attached per user or role. Default 10, as AWS.</summary>
    public int MaxAttachedPoliciesPerEntity { get; init; } = 10;

    /// <summary>Trust policy size in characters, whitespace not counted. Default 2048, as AWS.</summary>
    public int MaxTrustPolicySize { get; init; } = 2048;

    /// <summary>Aggregate size of a role's inline policies, whitespace not counted. Default 10240, as AWS.</summary>
    public int MaxRoleInlinePolicySize { get; init; } = 10240;

    /// <summary>Aggregate size of a user's inline policies, whitespace not counted. Default 2048, as AWS.</summary>
    public int MaxUserInlinePolicySize { get; init; } = 2048;

    /// <summary>Managed policy version size, whitespace not counted. Default 6144, as AWS.</summary>
    public int MaxManagedPolicySize { get; init; } = 6144;

    /// <summary>OIDC providers per account. Default 100, as AWS.</summary>
    public int MaxOidcProvidersPerAccount { get; init; } = 100;

    /// <summary>
    /// How long a cached record is trusted before it is re-read from the store. Writes through this service
    /// update the cache at once; the lifetime only bounds how long writes made by other nodes (other
    /// processes sharing the store) can go unseen. Null: never expire (a single node owns the store).
    /// Default 10 seconds.
    /// </summary>
    public TimeSpan? CacheTimeToLive { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times a read-modify-write operation is retried when it loses an optimistic-concurrency race
    /// before it answers <c>ConcurrentModification</c>. Default 3.
    /// </summary>
    public int ConcurrencyRetries { get; init; } = 3;

    /// <summary>
    /// The Ceph compatibility deviations IAM applies. IAM honours <see cref="Core.CephCompatibility.PrincipalInIdentityPolicyIgnored"/>
    /// (a <c>Principal</c> in a user, role or managed policy is accepted on write and ignored when the policy is
    /// evaluated, by IAM and by the STS directory) and <see cref="Core.CephCompatibility.MultiValuedSessionTags"/> (a
    /// role's tags may hold one key several times, in CreateRole and TagRole); the other flags concern other components
    /// and are ignored here.
    /// Default <see cref="Core.CephCompatibility.None"/>: AWS's rules.
    /// </summary>
    public CephCompatibility CephCompatibility { get; init; }

    /// <summary>
    /// Whether <c>CreateOpenIDConnectProvider</c> accepts <c>http://</c> URLs, and ports, for identity providers on
    /// loopback hosts (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>), such as Ceph's reference Keycloak realm
    /// <c>http://localhost:8080/auth/realms/demo</c>. Web identity tokens from such a provider are then validated with
    /// keys fetched over http from loopback only. Other hosts keep AWS's rules whatever this says. Default
    /// <see langword="false"/>: AWS's rules, <c>https://</c> only and no port. This is the one switch a host sets
    /// (the sample gateway maps <c>Gateway__Oidc__AllowHttp</c> to it).
    /// </summary>
    public bool AllowHttpLoopbackOidcProviders { get; init; }

    internal bool IgnoresIdentityPolicyPrincipal => (CephCompatibility & CephCompatibility.PrincipalInIdentityPolicyIgnored) != 0;

    internal bool AllowsMultiValuedRoleTags => (CephCompatibility & CephCompatibility.MultiValuedSessionTags) != 0;

    internal void Validate()
    {
        if ((CephCompatibility & ~CephCompatibility.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CephCompatibility), CephCompatibility, "Unknown flag.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAccessKeysPerUser, 1, nameof(MaxAccessKeysPerUser));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPolicyVersions, 1, nameof(MaxPolicyVersions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttachedPoliciesPerEntity, 0, nameof(MaxAttachedPoliciesPerEntity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrustPolicySize, 1, nameof(MaxTrustPolicySize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRoleInlinePolicySize, 1, nameof(MaxRoleInlinePolicySize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUserInlinePolicySize, 1, nameof(MaxUserInlinePolicySize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxManagedPolicySize, 1, nameof(MaxManagedPolicySize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOidcProvidersPerAccount, 0, nameof(MaxOidcProvidersPerAccount));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrencyRetries, 0, nameof(ConcurrencyRetries));
        if (CacheTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheTimeToLive), "The cache lifetime must be positive or null.");
        }
    }
}
