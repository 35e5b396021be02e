namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UpdateUser</c>: renames a user or changes its path.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="NewPath">The new path, or null to keep it.</param>
/// <param name="NewUserName">The new name, or null to keep it.</param>
public sealed record UpdateUserRequest(string UserName, string? NewPath = null, string? NewUserName = null);
