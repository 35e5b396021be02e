namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteUserPolicy</c>: deletes an inline policy of a user.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="PolicyName">The policy name.</param>
public sealed record DeleteUserPolicyRequest(string UserName, string PolicyName);
