namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>SetDefaultPolicyVersion</c>: makes a version the one in force.</summary>
/// <param name="PolicyArn">The managed policy ARN.</param>
/// <param name="VersionId">The version id, <c>v1</c>, <c>v2</c>, ...</param>
public sealed record SetDefaultPolicyVersionRequest(string PolicyArn, string VersionId);
