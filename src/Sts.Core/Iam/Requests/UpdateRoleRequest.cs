namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UpdateRole</c>: changes a role's description and/or maximum session duration; an omitted value is kept.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="Description">The new description, or null to keep it.</param>
/// <param name="MaxSessionDuration">The new maximum session duration (3600 to 43200), or null to keep it.</param>
public sealed record UpdateRoleRequest(string RoleName, string? Description = null, int? MaxSessionDuration = null);
