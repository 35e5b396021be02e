namespace Sts.Policy;

/// <summary>Options for <see cref="PolicyParser"/>. Immutable once built; <see cref="Validate"/> is called by the parser.</summary>
public sealed class PolicyParserOptions
{
    /// <summary>The defaults: trust policies up to 2,048 characters, identity policies up to 6,144, full validation.</summary>
    public static PolicyParserOptions Default { get; } = new();

    /// <summary>
    /// Syntax-only parsing: checks the JSON and the grammar's shape (element names and types, duplicate keys,
    /// known condition operators, <c>Effect</c>) but none of the kind, version, <c>Sid</c>, ARN, literal or size
    /// rules. The policy simulator uses it: simulation accepts any policy that parses, including
    /// <c>Version</c> 2008-10-17 or none. Default false.
    /// </summary>
    public bool SyntaxOnly { get; init; }

    /// <summary>
    /// Accept (and ignore) a <c>Principal</c> or <c>NotPrincipal</c> element in identity policies, as Ceph RGW does.
    /// Default false: AWS refuses it ("Policy document should not specify a principal."). The evaluator never
    /// consults the principal of an identity policy, so the element has no effect once accepted. Session policies
    /// keep AWS's rule.
    /// </summary>
    public bool IgnorePrincipalInIdentityPolicies { get; init; }

    /// <summary>
    /// The trust policy quota in characters without whitespace: <see cref="PolicyLimits.DefaultTrustPolicyLength"/>
    /// (2,048) by default; a host may raise it up to <see cref="PolicyLimits.MaxTrustPolicyLength"/> (4,096).
    /// </summary>
    public int MaxTrustPolicyLength { get; init; } = PolicyLimits.DefaultTrustPolicyLength;

    /// <summary>
    /// The identity policy quota in characters without whitespace: <see cref="PolicyLimits.ManagedPolicyLength"/>
    /// (6,144) by default. Hosts checking an inline policy pass <see cref="PolicyLimits.UserInlinePolicyLength"/>,
    /// <see cref="PolicyLimits.GroupInlinePolicyLength"/> or <see cref="PolicyLimits.RoleInlinePolicyLength"/>
    /// (less what the entity's other inline policies already use). Range 1 to <see cref="PolicyLimits.MaxDocumentLength"/>.
    /// </summary>
    public int MaxIdentityPolicyLength { get; init; } = PolicyLimits.ManagedPolicyLength;

    /// <summary>Checks that the options are in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is outside its documented range.</exception>
    public void Validate()
    {
        if (MaxTrustPolicyLength is < PolicyLimits.DefaultTrustPolicyLength or > PolicyLimits.MaxTrustPolicyLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxTrustPolicyLength),
                MaxTrustPolicyLength,
                $"The trust policy quota must be between {PolicyLimits.DefaultTrustPolicyLength} and {PolicyLimits.MaxTrustPolicyLength}.");
        }

        if (MaxIdentityPolicyLength is < 1 or > PolicyLimits.MaxDocumentLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxIdentityPolicyLength),
                MaxIdentityPolicyLength,
                $"The identity policy quota must be between 1 and {PolicyLimits.MaxDocumentLength}.");
        }
    }
}
