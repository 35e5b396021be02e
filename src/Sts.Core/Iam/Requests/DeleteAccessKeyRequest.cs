namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>DeleteAccessKey</c>: deletes an access key.</summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="UserName">The user; null for the caller itself.</param>
public sealed record DeleteAccessKeyRequest(string AccessKeyId, string? UserName = null);
