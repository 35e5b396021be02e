namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListUsers</c>: lists the users of the caller's account.</summary>
/// <param name="PathPrefix">Only entities whose path starts with this prefix; <c>/</c> (everything) by default.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListUsersRequest(string? PathPrefix = null, string? Marker = null, int? MaxItems = null);
