using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>A customer managed policy.</summary>
/// <param name="PolicyName">The name, unique per account case-insensitively.</param>
/// <param name="PolicyId">The unique id, <c>ANPA</c> followed by 17 characters of <c>[A-Z2-7]</c>.</param>
/// <param name="Arn">The ARN, <c>arn:aws:iam::ACCOUNT:policy/PATHNAME</c>.</param>
/// <param name="Path">The path.</param>
/// <param name="DefaultVersionId">The version in force, <c>v1</c>, <c>v2</c>, ...</param>
/// <param name="AttachmentCount">How many users and roles it is attached to.</param>
/// <param name="PermissionsBoundaryUsageCount">How many users and roles use it as permissions boundary.</param>
/// <param name="IsAttachable">Whether it can be attached (always true for customer managed policies).</param>
/// <param name="Description">The description given at creation (immutable), or null.</param>
/// <param name="CreateDate">When it was created.</param>
/// <param name="UpdateDate">When its default version last changed.</param>
/// <param name="Tags">The tags.</param>
public sealed record ManagedPolicy(
    string PolicyName,
    string PolicyId,
    string Arn,
    string Path,
    string DefaultVersionId,
    int AttachmentCount,
    int PermissionsBoundaryUsageCount,
    bool IsAttachable,
    string? Description,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    ImmutableArray<IamTag> Tags);
