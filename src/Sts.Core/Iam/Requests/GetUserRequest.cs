namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>GetUser</c>: describes a user.</summary>
/// <param name="UserName">The user name; null for the caller itself.</param>
public sealed record GetUserRequest(string? UserName = null);
