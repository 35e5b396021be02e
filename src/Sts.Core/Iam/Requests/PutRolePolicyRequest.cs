namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>PutRolePolicy</c>: adds or replaces an inline policy of a role.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="PolicyName">The policy name.</param>
/// <param name="PolicyDocument">The policy document (JSON).</param>
public sealed record PutRolePolicyRequest(string RoleName, string PolicyName, string PolicyDocument);
