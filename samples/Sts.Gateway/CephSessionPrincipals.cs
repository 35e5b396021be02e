using Sts.Policy;

namespace Sts.Gateway;

/// <summary>
/// The Ceph profile's reading of bucket policies: Ceph (and s3-tests) name a role session as
/// <c>arn:aws:iam::ACCOUNT:assumed-role/ROLE/SESSION</c>, service <c>iam</c>, where AWS writes <c>sts</c>. Under the
/// Ceph profile such a principal names the same session as the <c>sts</c> form; the AWS profile leaves it as written
/// (it then names nobody).
/// </summary>
internal static class CephSessionPrincipals
{
    /// <summary>The document with every <c>iam</c>-form session principal rewritten to the <c>sts</c> form; the same
    /// instance when it has none.</summary>
    public static PolicyDocument Normalize(PolicyDocument document)
    {
        if (!document.Statements.Any(s => s.Principal is { } p && p.Principals.Any(IsIamSession)))
        {
            return document;
        }

        var statements = document.Statements.Select(s => s.Principal is not { } element || !element.Principals.Any(IsIamSession)
            ? s
            : new PolicyStatement(s.Index, s.Sid, s.Effect,
                new PrincipalElement(element.IsNot, element.IsWildcard, [.. element.Principals.Select(ToSts)]),
                s.Action, s.Resource, s.Conditions));
        return new PolicyDocument(document.Text, document.Kind, document.Version, document.Id, [.. statements]);
    }

    private static bool IsIamSession(PolicyPrincipal principal) =>
        principal.Type == PrincipalType.Aws && Arn.TryParse(principal.Value, out var arn)
        && arn.Service == "iam" && arn.Resource.StartsWith("assumed-role/", StringComparison.Ordinal);

    private static PolicyPrincipal ToSts(PolicyPrincipal principal)
    {
        if (!IsIamSession(principal))
        {
            return principal;
        }

        var colons = 0;
        var serviceStart = 0;
        for (var i = 0; i < principal.Value.Length && colons < 2; i++)
        {
            if (principal.Value[i] == ':' && ++colons == 2)
            {
                serviceStart = i + 1;
            }
        }

        return principal with { Value = string.Concat(principal.Value.AsSpan(0, serviceStart), "sts", principal.Value.AsSpan(serviceStart + 3)) };
    }
}
