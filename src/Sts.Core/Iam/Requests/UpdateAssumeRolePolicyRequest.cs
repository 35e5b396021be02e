namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UpdateAssumeRolePolicy</c>: replaces a role's trust policy.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="PolicyDocument">The new trust policy (JSON).</param>
public sealed record UpdateAssumeRolePolicyRequest(string RoleName, string PolicyDocument);
