namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>ListRoleTags</c>: lists a role's tags.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="Marker">The marker from the previous page, or null for the first page.</param>
/// <param name="MaxItems">The most items to return, 1 to 1000; 100 by default.</param>
public sealed record ListRoleTagsRequest(string RoleName, string? Marker = null, int? MaxItems = null);
