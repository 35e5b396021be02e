namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>CreatePolicyVersion</c>: adds a version to a managed policy (at most five versions).</summary>
/// <param name="PolicyArn">The managed policy ARN.</param>
/// <param name="PolicyDocument">The policy document (JSON).</param>
/// <param name="SetAsDefault">Make the new version the default.</param>
public sealed record CreatePolicyVersionRequest(string PolicyArn, string PolicyDocument, bool SetAsDefault = false);
