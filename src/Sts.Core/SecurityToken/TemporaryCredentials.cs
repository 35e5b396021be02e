namespace Sts.Core.SecurityToken;

/// <summary>The <c>Credentials</c> element of an STS response.</summary>
/// <param name="AccessKeyId">The temporary access key id (<c>ASIA...</c>).</param>
/// <param name="SecretAccessKey">The temporary secret (40 characters).</param>
/// <param name="SessionToken">The session token to send as <c>x-amz-security-token</c>.</param>
/// <param name="Expiration">When the credentials expire.</param>
public sealed record TemporaryCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    /// <summary>Describes the credentials without the secret or token.</summary>
    /// <returns>The access key id and expiry.</returns>
    public override string ToString() => $"{AccessKeyId} (expires {Expiration:yyyy-MM-ddTHH:mm:ssZ})";
}
