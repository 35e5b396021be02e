namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>CreateAccessKey</c>: creates an access key (at most two per user).</summary>
/// <param name="UserName">The user; null for the caller itself (the account root's own key when the caller is root).</param>
public sealed record CreateAccessKeyRequest(string? UserName = null);
