namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DetachUserPolicy</c>: detaches a managed policy from a user.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="PolicyArn">The managed policy ARN.</param>
public sealed record DetachUserPolicyRequest(string UserName, string PolicyArn);
