namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>GetRole</c>: describes a role.</summary>
/// <param name="RoleName">The role name.</param>
public sealed record GetRoleRequest(string RoleName);
