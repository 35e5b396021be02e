namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListPolicies</c>: lists the customer managed policies of the caller's account.</summary>
/// <param name="Scope"><c>All</c> (default), <c>Local</c> or <c>AWS</c> (AWS managed policies: none are stored, so the list is empty).</param>
/// <param name="OnlyAttached">Only policies attached to at least one user or role.</param>
/// <param name="PathPrefix">Only policies whose path starts with this prefix.</param>
/// <param name="PolicyUsageFilter"><c>PermissionsPolicy</c> or <c>PermissionsBoundary</c>: only policies used that way.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListPoliciesRequest(string? Scope = null, bool OnlyAttached = false, string? PathPrefix = null, string? PolicyUsageFilter = null, string? Marker = null, int? MaxItems = null);
