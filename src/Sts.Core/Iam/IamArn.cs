using System.Diagnostics.CodeAnalysis;
using Sts.Core.Accounts;

namespace Sts.Core.Iam;

/// <summary>
/// An IAM ARN split into account, resource type, path and name:
/// <c>arn:aws:iam::ACCOUNT:TYPE/PATH/NAME</c> (path <c>/</c> when absent). For <c>oidc-provider</c> ARNs the
/// "name" is the whole issuer host and path.
/// </summary>
internal sealed record IamArn(AccountId Account, string ResourceType, string Path, string Name)
{
    private const string Prefix = "arn:aws:iam::";

    public static string Build(AccountId account, string resourceType, string path, string name) =>
        $"{Prefix}{account.Value}:{resourceType}{path}{name}";

    public static bool TryParse(string? arn, string expectedType, [NotNullWhen(true)] out IamArn? parsed)
    {
        parsed = null;
        if (arn is null || !arn.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = arn.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0 || !AccountId.TryParse(rest[..colon].ToString(), out var account))
        {
            return false;
        }

        var resource = rest[(colon + 1)..];
        if (!resource.StartsWith(expectedType + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var afterType = resource[expectedType.Length..];
        if (expectedType == "oidc-provider")
        {
            var hostAndPath = afterType[1..].ToString();
            if (hostAndPath.Length == 0)
            {
                return false;
            }

            parsed = new IamArn(account, expectedType, "/", hostAndPath);
            return true;
        }

        var lastSlash = afterType.LastIndexOf('/');
        var name = afterType[(lastSlash + 1)..];
        if (name.IsEmpty)
        {
            return false;
        }

        parsed = new IamArn(account, expectedType, afterType[..(lastSlash + 1)].ToString(), name.ToString());
        return true;
    }
}
