namespace Sts.SigV4;

/// <summary>Looks up the secret behind an access key (and validates a session token) for the verifier.</summary>
public interface ICredentialResolver
{
    /// <summary>Resolves <paramref name="accessKeyId"/> to its secret and the identity it stands for.</summary>
    /// <param name="accessKeyId">The access key id from the credential scope.</param>
    /// <param name="sessionToken">The <c>x-amz-security-token</c> sent with the request, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>
    /// The secret and identity, or a failure: <see cref="SigV4ErrorCode.InvalidAccessKeyId"/>,
    /// <see cref="SigV4ErrorCode.InvalidToken"/>, <see cref="SigV4ErrorCode.ExpiredToken"/>.
    /// </returns>
    ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken);
}
