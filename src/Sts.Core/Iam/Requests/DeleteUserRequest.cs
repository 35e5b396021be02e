namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteUser</c>: deletes a user that has no access keys and no policies.</summary>
/// <param name="UserName">The user name.</param>
public sealed record DeleteUserRequest(string UserName);
