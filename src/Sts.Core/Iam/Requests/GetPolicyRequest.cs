namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>GetPolicy</c>: describes a managed policy.</summary>
/// <param name="PolicyArn">The managed policy ARN.</param>
public sealed record GetPolicyRequest(string PolicyArn);
