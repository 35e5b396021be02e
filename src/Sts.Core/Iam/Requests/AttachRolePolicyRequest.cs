namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>AttachRolePolicy</c>: attaches a managed policy to a role.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="PolicyArn">The managed policy ARN.</param>
public sealed record AttachRolePolicyRequest(string RoleName, string PolicyArn);
