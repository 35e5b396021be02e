using Sts.Policy;

namespace Sts.Core.Iam;

/// <summary>
/// The <see cref="IPolicyValidator"/> over Sts.Policy's <see cref="PolicyParser"/>: the full AWS grammar of
/// each policy kind. Size quotas are checked by the service before this (aggregate inline sizes need the
/// entity), so the parser runs with the model's maximum identity size.
/// </summary>
internal sealed class ParserPolicyValidator(int maxTrustPolicySize, bool ignoreIdentityPrincipal = false) : IPolicyValidator
{
    private readonly PolicyParserOptions _options = new()
    {
        MaxTrustPolicyLength = Math.Clamp(maxTrustPolicySize, PolicyLimits.DefaultTrustPolicyLength, PolicyLimits.MaxTrustPolicyLength),
        MaxIdentityPolicyLength = PolicyLimits.MaxDocumentLength,
        IgnorePrincipalInIdentityPolicies = ignoreIdentityPrincipal,
    };

    public StsResult<bool> Validate(string document, PolicyKind kind)
    {
        var result = PolicyParser.Parse(document, kind, _options);
        if (result.IsValid)
        {
            return true;
        }

        var error = result.FirstError!;
        return new StsError(error.Code, error.Message, error.Code == "LimitExceeded" ? 409 : 400);
    }
}
