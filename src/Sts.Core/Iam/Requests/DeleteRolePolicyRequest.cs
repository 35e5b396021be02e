namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteRolePolicy</c>: deletes an inline policy of a role.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="PolicyName">The policy name.</param>
public sealed record DeleteRolePolicyRequest(string RoleName, string PolicyName);
