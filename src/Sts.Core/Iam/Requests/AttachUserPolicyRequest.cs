namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>AttachUserPolicy</c>: attaches a managed policy to a user.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="PolicyArn">The managed policy ARN.</param>
public sealed record AttachUserPolicyRequest(string UserName, string PolicyArn);
