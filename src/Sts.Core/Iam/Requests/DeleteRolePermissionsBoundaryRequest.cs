namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteRolePermissionsBoundary</c>: removes a role's permissions boundary.</summary>
/// <param name="RoleName">The role name.</param>
public sealed record DeleteRolePermissionsBoundaryRequest(string RoleName);
