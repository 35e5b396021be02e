namespace Sts.Policy;

/// <summary>Where a policy document is used; the kinds differ in what AWS lets them contain.</summary>
public enum PolicyKind
{
    /// <summary>An identity policy: inline user or role policy, or a customer managed policy. No <c>Principal</c>.</summary>
    Identity,

    /// <summary>A resource policy such as an S3 bucket policy. Requires a <c>Principal</c>.</summary>
    Resource,

    /// <summary>A role trust policy (assume-role policy document). Requires a <c>Principal</c>, has no <c>Resource</c>, allows only <c>sts:</c> actions.</summary>
    Trust,

    /// <summary>A session policy passed to AssumeRole*. No <c>Principal</c>, at most 2,048 characters.</summary>
    Session,
}
