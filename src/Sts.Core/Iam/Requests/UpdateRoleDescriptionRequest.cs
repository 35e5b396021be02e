namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UpdateRoleDescription</c>: changes a role's description.</summary>
/// <param name="RoleName">The role name.</param>
/// <param name="Description">The description, at most 1000 characters.</param>
public sealed record UpdateRoleDescriptionRequest(string RoleName, string Description);
