namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DetachRolePolicy</c>: detaches a managed policy from a role.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="PolicyArn">The managed policy ARN.</param>
public sealed record DetachRolePolicyRequest(string RoleName, string PolicyArn);
