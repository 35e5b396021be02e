namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>GetPolicyVersion</c>: reads one version of a managed policy.</summary>
/// <param name="PolicyArn">The managed policy ARN.</param>
/// <param name="VersionId">The version id, <c>v1</c>, <c>v2</c>, ...</param>
public sealed record GetPolicyVersionRequest(string PolicyArn, string VersionId);
