namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListAttachedUserPolicies</c>: lists the managed policies attached to a user.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="PathPrefix">Only policies whose path starts with this prefix.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListAttachedUserPoliciesRequest(string UserName, string? PathPrefix = null, string? Marker = null, int? MaxItems = null);
