using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>An IAM role.</summary>
/// <param name="Path">The path, <c>/</c> or <c>/a/b/</c>.</param>
/// <param name="RoleName">The name, unique per account case-insensitively.</param>
/// <param name="RoleId">The unique id, <c>AROA</c> followed by 17 characters of <c>[A-Z2-7]</c>.</param>
/// <param name="Arn">The ARN, <c>arn:aws:iam::ACCOUNT:role/PATHNAME</c>.</param>
/// <param name="CreateDate">When the role was created.</param>
/// <param name="AssumeRolePolicyDocument">The trust policy, exactly as submitted.</param>
/// <param name="Description">The description, or null.</param>
/// <param name="MaxSessionDuration">The longest session, in seconds (3600 to 43200).</param>
/// <param name="PermissionsBoundaryArn">The managed policy used as permissions boundary, or null.</param>
/// <param name="Tags">The tags.</param>
public sealed record IamRole(
    string Path,
    string RoleName,
    string RoleId,
    string Arn,
    DateTimeOffset CreateDate,
    string AssumeRolePolicyDocument,
    string? Description,
    int MaxSessionDuration,
    string? PermissionsBoundaryArn,
    ImmutableArray<IamTag> Tags);
