namespace Sts.Core.Iam;

/// <summary>An access key without its secret, as listed.</summary>
/// <param name="UserName">The owning user's name, or null for an account root key.</param>
/// <param name="AccessKeyId">The key id, <c>AKIA</c> followed by 16 characters of <c>[A-Z2-7]</c>.</param>
/// <param name="Status">Whether the key is active.</param>
/// <param name="CreateDate">When the key was created.</param>
public sealed record AccessKeyMetadata(string? UserName, string AccessKeyId, AccessKeyStatus Status, DateTimeOffset CreateDate);
