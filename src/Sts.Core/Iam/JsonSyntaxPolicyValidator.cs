using System.Text.Json;
using Sts.Policy;

namespace Sts.Core.Iam;

/// <summary>
/// An interim <see cref="IPolicyValidator"/> that checks only that a document is one well-formed JSON
/// object. It stands in until the Sts.Policy parser is merged; it does not check the policy grammar.
/// </summary>
internal sealed class JsonSyntaxPolicyValidator : IPolicyValidator
{
    public StsResult<bool> Validate(string document, PolicyKind kind)
    {
        try
        {
            using var parsed = JsonDocument.Parse(document, new JsonDocumentOptions { MaxDepth = 64 });
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                return IamErrors.MalformedPolicyDocument("Syntax errors in policy: the document is not a JSON object.");
            }

            return true;
        }
        catch (JsonException)
        {
            return IamErrors.MalformedPolicyDocument("Syntax errors in policy.");
        }
    }
}
