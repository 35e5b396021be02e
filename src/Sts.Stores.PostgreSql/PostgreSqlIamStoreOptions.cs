namespace Sts.Stores.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlIamStore"/>. Validated once, when the store opens.</summary>
public sealed class PostgreSqlIamStoreOptions
{
    /// <summary>
    /// The Npgsql connection string. Required. Its user needs no superuser right: owning the database (or the
    /// right to create tables in its <c>public</c> schema) is enough; the schema is created on first open.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The 32-byte AES-256 key that encrypts secrets (access key secrets) at rest. Required, and the same on every
    /// node sharing the database. Keep it outside the database.
    /// </summary>
    public required ReadOnlyMemory<byte> SecretKey { get; init; }

    /// <summary>The id recorded with each secret sealed under <see cref="SecretKey"/> (1 to 255 bytes). Default <c>k1</c>.</summary>
    public string SecretKeyId { get; init; } = "k1";

    /// <summary>Earlier secret keys by id, used only to open secrets sealed before a key rotation. Default none.</summary>
    public IReadOnlyDictionary<string, byte[]> PreviousSecretKeys { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>
    /// How often the change listener confirms its connection with a round trip. Default 250 milliseconds.
    /// Must be less than <see cref="StaleAfter"/>.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The coherence bound when the listener connection fails silently: once this long has passed since the
    /// last round trip that confirmed the connection, <see cref="PostgreSqlIamStore.IsCurrent"/> turns false and
    /// caches in front of the store serve nothing from memory (every lookup reads the database) until the
    /// listener has reconnected and told them to drop everything. Default 750 milliseconds, so a change made on
    /// another node is enforced here within one second even when its notification is lost.
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMilliseconds(750);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        if (HeartbeatInterval <= TimeSpan.Zero || StaleAfter <= HeartbeatInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(StaleAfter), "The heartbeat interval must be positive and shorter than StaleAfter.");
        }
    }
}
