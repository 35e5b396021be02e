namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteUserPermissionsBoundary</c>: removes a user's permissions boundary.</summary>
/// <param name="UserName">The user name.</param>
public sealed record DeleteUserPermissionsBoundaryRequest(string UserName);
