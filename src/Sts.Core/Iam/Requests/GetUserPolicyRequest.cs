namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>GetUserPolicy</c>: reads an inline policy of a user.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="PolicyName">The policy name.</param>
public sealed record GetUserPolicyRequest(string UserName, string PolicyName);
