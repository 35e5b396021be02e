using System.Globalization;
using Microsoft.Data.Sqlite;
using Sts.Core.Crypto;

namespace Sts.Core.Stores.Sqlite;

/// <summary>
/// The embedded default <see cref="IIamStore"/>: one SQLite file in WAL mode, schema versioned through
/// <c>PRAGMA user_version</c> and migrated on open. Every write is one <c>BEGIN IMMEDIATE</c> transaction,
/// so a crash leaves the old state or the new one. Secrets are sealed with AES-256-GCM under the host's key,
/// bound to their record key.
/// </summary>
public sealed class SqliteIamStore : IIamStore, IDisposable
{
    /// <summary>The schema version this code writes.</summary>
    internal const int SchemaVersion = 1;

    private static readonly string[] Migrations =
    [
        // 1: one table of versioned records; secrets sealed in their own column.
        """
        CREATE TABLE records (
            key     TEXT    NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL CHECK (version >= 1),
            value   TEXT    NOT NULL,
            secret  BLOB
        ) WITHOUT ROWID;
        """,
    ];

    private readonly string _connectionString;
    private readonly SecretSealer _sealer;
    private readonly int _busyTimeoutMs;
    private readonly bool _syncEveryCommit;

    private SqliteIamStore(SqliteIamStoreOptions options)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();
        _sealer = new SecretSealer(options.SecretKeyId, options.SecretKey.Span, options.PreviousSecretKeys);
        _busyTimeoutMs = (int)Math.Clamp(options.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        _syncEveryCommit = options.SyncEveryCommit;
    }

    /// <summary>A hook run after each statement of a write batch; tests use it to interrupt a write mid-transaction.</summary>
    internal Action<SqliteConnection, int>? AfterWriteStatement { get; set; }

    /// <summary>Opens (creating or migrating when needed) the database at <see cref="SqliteIamStoreOptions.DatabasePath"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException">The options are invalid (missing path, secret key not 32 bytes).</exception>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this code knows.</exception>
    /// <exception cref="SqliteException">The file cannot be opened or migrated.</exception>
    public static SqliteIamStore Open(SqliteIamStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath);
        var store = new SqliteIamStore(options);
        store.Migrate();
        return store;
    }

    /// <inheritdoc />
    public ValueTask<StoreRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, value, secret FROM records WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return ValueTask.FromResult(reader.Read() ? ReadRecord(key, reader) : null);
    }

    /// <inheritdoc />
    public ValueTask<StsResult<IReadOnlyList<long>>> WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default)
    {
        StoreErrors.ValidateBatch(writes);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var versions = new long[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$key", write.Key);
            command.Parameters.AddWithValue("$expected", write.ExpectedVersion);
            if (write.IsDelete)
            {
                command.CommandText = "DELETE FROM records WHERE key = $key AND version = $expected";
            }
            else
            {
                command.CommandText = write.ExpectedVersion == 0
                    ? "INSERT INTO records (key, version, value, secret) VALUES ($key, 1, $value, $secret) ON CONFLICT (key) DO NOTHING"
                    : "UPDATE records SET version = version + 1, value = $value, secret = $secret WHERE key = $key AND version = $expected";
                command.Parameters.AddWithValue("$value", write.Value);
                command.Parameters.AddWithValue("$secret", write.Secret is null ? DBNull.Value : _sealer.Seal(write.Secret, write.Key));
                versions[i] = write.ExpectedVersion + 1;
            }

            if (command.ExecuteNonQuery() != 1)
            {
                transaction.Rollback();
                return ValueTask.FromResult(StsResult<IReadOnlyList<long>>.Failure(StoreErrors.ConcurrentModification(write.Key)));
            }

            AfterWriteStatement?.Invoke(connection, i);
        }

        transaction.Commit();
        return ValueTask.FromResult(StsResult<IReadOnlyList<long>>.Success(versions));
    }

    /// <inheritdoc />
    public ValueTask<StorePage> ListAsync(string prefix, string? afterKey, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreErrors.ValidateList(prefix, maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var upper = UpperBound(prefix);
        command.CommandText = "SELECT key, version, value, secret FROM records WHERE key >= $prefix"
            + (upper is null ? string.Empty : " AND key < $upper")
            + (afterKey is null ? string.Empty : " AND key > $after")
            + " ORDER BY key LIMIT $limit";
        command.Parameters.AddWithValue("$prefix", prefix);
        if (upper is not null)
        {
            command.Parameters.AddWithValue("$upper", upper);
        }

        if (afterKey is not null)
        {
            command.Parameters.AddWithValue("$after", afterKey);
        }

        command.Parameters.AddWithValue("$limit", maxItems + 1);
        var records = new List<StoreRecord>(Math.Min(maxItems, 64));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetString(0);
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (records.Count == maxItems)
            {
                return ValueTask.FromResult(new StorePage(records, true));
            }

            records.Add(ReadRecord(key, reader, 1));
        }

        return ValueTask.FromResult(new StorePage(records, false));
    }

    /// <summary>Releases the pooled connections to the database file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = {(_syncEveryCommit ? "FULL" : "NORMAL")};");
        command.ExecuteNonQuery();
        return connection;
    }

    private void Migrate()
    {
        using var connection = OpenConnection();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException($"The database schema version {version} is newer than this code's {Migrations.Length}.");
        }

        for (; version < Migrations.Length; version++)
        {
            command.CommandText = Migrations[version];
            command.ExecuteNonQuery();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version + 1};");
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private StoreRecord ReadRecord(string key, SqliteDataReader reader, int offset = 0)
    {
        var secret = reader.IsDBNull(offset + 2) ? null : _sealer.Open((byte[])reader.GetValue(offset + 2), key);
        return new StoreRecord(key, reader.GetInt64(offset), reader.GetString(offset + 1), secret);
    }

    private static string? UpperBound(string prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] < char.MaxValue)
            {
                return string.Concat(prefix.AsSpan(0, i), ((char)(prefix[i] + 1)).ToString());
            }
        }

        return null;
    }
}
