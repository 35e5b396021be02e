namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteRole</c>: deletes a role that has no inline or attached policies.</summary>
/// <param name="RoleName">The role name.</param>
public sealed record DeleteRoleRequest(string RoleName);
