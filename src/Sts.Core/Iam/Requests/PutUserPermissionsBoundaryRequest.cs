namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>PutUserPermissionsBoundary</c>: sets a user's permissions boundary.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="PermissionsBoundary">The ARN of the managed policy to use as boundary.</param>
public sealed record PutUserPermissionsBoundaryRequest(string UserName, string PermissionsBoundary);
