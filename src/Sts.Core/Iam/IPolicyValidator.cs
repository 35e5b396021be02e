using Sts.Policy;

namespace Sts.Core.Iam;

/// <summary>The one seam through which IAM validates policy documents (identity, trust, boundary).</summary>
internal interface IPolicyValidator
{
    /// <summary>Validates <paramref name="document"/> as a policy of <paramref name="kind"/>.</summary>
    /// <returns>Success, or <c>MalformedPolicyDocument</c> (400) saying what is wrong.</returns>
    StsResult<bool> Validate(string document, PolicyKind kind);
}
