namespace Sts.SigV4;

/// <summary>What an <see cref="ICredentialResolver"/> found: a secret and an identity, or a failure code.</summary>
public sealed class SigV4CredentialResult
{
    private SigV4CredentialResult(string? secretAccessKey, object? identity, SigV4ErrorCode failure, string? message)
    {
        SecretAccessKey = secretAccessKey;
        Identity = identity;
        Failure = failure;
        FailureMessage = message;
    }

    /// <summary>True when <see cref="SecretAccessKey"/> and <see cref="Identity"/> are set.</summary>
    public bool IsSuccess => SecretAccessKey is not null;

    /// <summary>The secret access key; <see langword="null"/> on failure.</summary>
    public string? SecretAccessKey { get; }

    /// <summary>The caller's identity, opaque to the verifier and handed back in the verification result.</summary>
    public object? Identity { get; }

    /// <summary>The failure code; meaningful only when <see cref="IsSuccess"/> is false.</summary>
    public SigV4ErrorCode Failure { get; }

    /// <summary>The failure message; <see langword="null"/> on success.</summary>
    public string? FailureMessage { get; }

    /// <summary>A successful lookup.</summary>
    /// <param name="secretAccessKey">The secret access key (non-empty).</param>
    /// <param name="identity">The identity the key stands for.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">The secret is empty.</exception>
    public static SigV4CredentialResult Success(string secretAccessKey, object identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentNullException.ThrowIfNull(identity);
        return new SigV4CredentialResult(secretAccessKey, identity, default, null);
    }

    /// <summary>A failed lookup.</summary>
    /// <param name="code">
    /// <see cref="SigV4ErrorCode.InvalidAccessKeyId"/>, <see cref="SigV4ErrorCode.InvalidToken"/> or
    /// <see cref="SigV4ErrorCode.ExpiredToken"/>.
    /// </param>
    /// <param name="message">One line for the client; no secrets.</param>
    /// <returns>The result.</returns>
    public static SigV4CredentialResult Fail(SigV4ErrorCode code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SigV4CredentialResult(null, null, code, message);
    }
}
