namespace Sts.Policy;

/// <summary>
/// AWS's size limits for policy documents (IAM quotas, STS and S3 documentation). IAM counts identity and
/// trust policy sizes without whitespace; session policies count every character; S3 bucket policies
/// count UTF-8 bytes.
/// </summary>
public static class PolicyLimits
{
    /// <summary>The absolute cap for any policy document, in characters (the IAM model's <c>policyDocumentType</c> maximum). Checked before parsing, also in syntax-only mode.</summary>
    public const int MaxDocumentLength = 131072;

    /// <summary>The deepest JSON nesting a policy can need (document, statements, statement, condition, operator, values) with room to spare.</summary>
    public const int MaxDepth = 8;

    /// <summary>A customer managed policy: 6,144 characters without whitespace. The default identity limit.</summary>
    public const int ManagedPolicyLength = 6144;

    /// <summary>Inline policies of one user together: 2,048 characters without whitespace.</summary>
    public const int UserInlinePolicyLength = 2048;

    /// <summary>Inline policies of one group together: 5,120 characters without whitespace.</summary>
    public const int GroupInlinePolicyLength = 5120;

    /// <summary>Inline policies of one role together: 10,240 characters without whitespace.</summary>
    public const int RoleInlinePolicyLength = 10240;

    /// <summary>A role trust policy by default: 2,048 characters without whitespace.</summary>
    public const int DefaultTrustPolicyLength = 2048;

    /// <summary>The most a host may raise the trust policy quota to: 4,096 characters without whitespace.</summary>
    public const int MaxTrustPolicyLength = 4096;

    /// <summary>A session policy passed to AssumeRole*: 2,048 characters, whitespace included.</summary>
    public const int SessionPolicyLength = 2048;

    /// <summary>An S3 bucket policy (resource policy): 20 KB of UTF-8.</summary>
    public const int ResourcePolicyBytes = 20 * 1024;
}
