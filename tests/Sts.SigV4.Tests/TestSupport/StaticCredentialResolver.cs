namespace Sts.SigV4.Tests.TestSupport;

/// <summary>An in-memory resolver: access key → (secret, optional required session token).</summary>
internal sealed class StaticCredentialResolver : ICredentialResolver
{
    private readonly Dictionary<string, (string Secret, string? Token, SigV4CredentialResult Result)> _keys = new(StringComparer.Ordinal);

    public StaticCredentialResolver Add(string accessKeyId, string secret, string? sessionToken = null)
    {
        _keys[accessKeyId] = (secret, sessionToken, SigV4CredentialResult.Success(secret, "identity:" + accessKeyId));
        return this;
    }

    public int Calls { get; private set; }

    public ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        Calls++;
        if (!_keys.TryGetValue(accessKeyId, out var entry))
        {
            return ValueTask.FromResult(SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records."));
        }

        if (entry.Token is not null && !string.Equals(entry.Token, sessionToken, StringComparison.Ordinal))
        {
            return ValueTask.FromResult(SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidToken, "The provided token is malformed or otherwise invalid."));
        }

        return ValueTask.FromResult(entry.Result);
    }
}
