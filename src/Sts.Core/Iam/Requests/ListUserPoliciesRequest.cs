namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListUserPolicies</c>: lists the names of a user's inline policies.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListUserPoliciesRequest(string UserName, string? Marker = null, int? MaxItems = null);
