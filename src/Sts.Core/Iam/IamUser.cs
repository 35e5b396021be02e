using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>An IAM user.</summary>
/// <param name="Path">The path, <c>/</c> or <c>/a/b/</c>.</param>
/// <param name="UserName">The name, unique per account case-insensitively.</param>
/// <param name="UserId">The unique id, <c>AIDA</c> followed by 17 characters of <c>[A-Z2-7]</c>.</param>
/// <param name="Arn">The ARN, <c>arn:aws:iam::ACCOUNT:user/PATHNAME</c>.</param>
/// <param name="CreateDate">When the user was created.</param>
/// <param name="PermissionsBoundaryArn">The managed policy used as permissions boundary, or null.</param>
/// <param name="Tags">The tags.</param>
public sealed record IamUser(
    string Path,
    string UserName,
    string UserId,
    string Arn,
    DateTimeOffset CreateDate,
    string? PermissionsBoundaryArn,
    ImmutableArray<IamTag> Tags);
