namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>UpdateAccessKey</c>: activates or deactivates an access key.</summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="Status"><c>Active</c> or <c>Inactive</c>.</param>
/// <param name="UserName">The user; null for the caller itself.</param>
public sealed record UpdateAccessKeyRequest(string AccessKeyId, string Status, string? UserName = null);
