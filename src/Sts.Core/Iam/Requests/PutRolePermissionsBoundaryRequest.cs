namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>PutRolePermissionsBoundary</c>: sets a role's permissions boundary.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="PermissionsBoundary">The ARN of the managed policy to use as boundary.</param>
public sealed record PutRolePermissionsBoundaryRequest(string RoleName, string PermissionsBoundary);
