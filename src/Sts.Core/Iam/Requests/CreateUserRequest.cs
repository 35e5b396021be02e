using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>CreateUser</c>: creates an IAM user.</summary>
/// <param name="UserName">The name of the new user (1 to 64 characters).</param>
/// <param name="Path">The path, <c>/</c> (the default) or <c>/a/b/</c>.</param>
/// <param name="PermissionsBoundary">The ARN of a managed policy to use as permissions boundary, or null.</param>
/// <param name="Tags">Tags to set, at most 50; null for none.</param>
public sealed record CreateUserRequest(string UserName, string? Path = null, string? PermissionsBoundary = null, IReadOnlyList<IamTag>? Tags = null);
