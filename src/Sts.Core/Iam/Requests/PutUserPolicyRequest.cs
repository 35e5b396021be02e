namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>PutUserPolicy</c>: adds or replaces an inline policy of a user.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="PolicyName">The policy name.</param>
/// <param name="PolicyDocument">The policy document (JSON).</param>
public sealed record PutUserPolicyRequest(string UserName, string PolicyName, string PolicyDocument);
