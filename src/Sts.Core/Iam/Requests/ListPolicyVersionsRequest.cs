namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListPolicyVersions</c>: lists the versions of a managed policy.</summary>
/// <param name="PolicyArn">The managed policy ARN.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListPolicyVersionsRequest(string PolicyArn, string? Marker = null, int? MaxItems = null);
