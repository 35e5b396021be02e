namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeletePolicy</c>: deletes a managed policy that is attached nowhere and has no non-default versions.</summary>
/// <param name="PolicyArn">The managed policy ARN.</param>
public sealed record DeletePolicyRequest(string PolicyArn);
