namespace Sts.Core.Stores.Sqlite;

/// <summary>Options of <see cref="SqliteIamStore"/>. Validated once, when the store opens.</summary>
public sealed class SqliteIamStoreOptions
{
    /// <summary>The path of the database file. Required. Created with its schema when missing.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// The 32-byte AES-256 key that encrypts secrets (access key secrets) at rest. Required. Keep it
    /// outside the database; losing it makes stored secrets unreadable.
    /// </summary>
    public required ReadOnlyMemory<byte> SecretKey { get; init; }

    /// <summary>The id recorded with each secret sealed under <see cref="SecretKey"/> (1 to 255 bytes). Default <c>k1</c>.</summary>
    public string SecretKeyId { get; init; } = "k1";

    /// <summary>Earlier secret keys by id, used only to open secrets sealed before a key rotation. Default none.</summary>
    public IReadOnlyDictionary<string, byte[]> PreviousSecretKeys { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>How long a write waits for another connection's write lock before failing. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True (the default) to sync the write-ahead log on every commit (<c>synchronous=FULL</c>): a commit
    /// survives power loss. False uses <c>synchronous=NORMAL</c>: still atomic and crash-safe for the process,
    /// but the last commits may be lost on power loss.
    /// </summary>
    public bool SyncEveryCommit { get; init; } = true;
}
