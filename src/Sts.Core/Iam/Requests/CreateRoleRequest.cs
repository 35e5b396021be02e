using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>CreateRole</c>: creates a role.</summary>
/// <param name="RoleName">The name of the new role (1 to 64 characters).</param>
/// <param name="AssumeRolePolicyDocument">The trust policy (JSON).</param>
/// <param name="Path">The path, <c>/</c> (the default) or <c>/a/b/</c>.</param>
/// <param name="Description">The description, at most 1000 characters.</param>
/// <param name="MaxSessionDuration">The longest session in seconds, 3600 to 43200; 3600 by default.</param>
/// <param name="PermissionsBoundary">The ARN of a managed policy to use as permissions boundary, or null.</param>
/// <param name="Tags">Tags to set, at most 50; null for none.</param>
public sealed record CreateRoleRequest(string RoleName, string AssumeRolePolicyDocument, string? Path = null, string? Description = null, int? MaxSessionDuration = null, string? PermissionsBoundary = null, IReadOnlyList<IamTag>? Tags = null);
