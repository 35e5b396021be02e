using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Sts.Core;
using Sts.Core.Crypto;
using Sts.Core.Stores;

namespace Sts.Stores.PostgreSql;

/// <summary>
/// The <see cref="IIamStore"/> for a fleet of nodes sharing one PostgreSQL database. Every write is one
/// transaction of conditional statements (a version check in each <c>UPDATE</c>/<c>DELETE</c>,
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> for creates), so it applies whole or not at all, and a node killed
/// mid-write leaves the old state. Secrets are sealed with AES-256-GCM under the host's key, bound to their
/// record key. Each committed write sends <c>NOTIFY</c> for its keys; a listener connection turns those into
/// change reports (<see cref="IIamStoreChangeFeed"/>), which caches in front of the store use to drop stale
/// entries. The schema is created on open under an advisory lock, so nodes starting together on an empty
/// database do not race.
/// </summary>
public sealed partial class PostgreSqlIamStore : IIamStore, IIamStoreChangeFeed, IAsyncDisposable
{
    /// <summary>The schema version this code writes.</summary>
    internal const int SchemaVersion = 1;

    /// <summary>The notification channel that carries changed keys.</summary>
    internal const string Channel = "sts_iam_changes";

    /// <summary>The advisory lock key held while the schema is created or migrated ("STS1").</summary>
    private const long SchemaLockKey = 0x53545331;

    private static readonly string[] Migrations =
    [
        // 1: one table of versioned records in ordinal (C collation) key order; secrets sealed in their own column.
        """
        CREATE TABLE sts_iam_records (
            key     text   COLLATE "C" NOT NULL PRIMARY KEY,
            version bigint NOT NULL CHECK (version >= 1),
            value   text   NOT NULL,
            secret  bytea
        );
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly SecretSealer _sealer;
    private readonly ILogger _logger;

    private PostgreSqlIamStore(PostgreSqlIamStoreOptions options, TimeProvider time, ILogger logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        _dataSource = NpgsqlDataSource.Create(builder);
        _sealer = new SecretSealer(options.SecretKeyId, options.SecretKey.Span, options.PreviousSecretKeys);
        _time = time;
        _logger = logger;
        _heartbeatInterval = options.HeartbeatInterval;
        _staleAfterTicks = (long)(options.StaleAfter.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>A hook run inside each write transaction after its statements and before the commit; tests use it to kill a write mid-transaction.</summary>
    internal Func<NpgsqlConnection, Task>? BeforeCommit { get; set; }

    /// <summary>
    /// Opens the store: creates or migrates the schema (idempotent; serialized across nodes by an advisory lock)
    /// and starts listening for changes made by other nodes.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="time">The clock that bounds how long the change feed is trusted; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where listener failures are logged; nothing when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentException">The options are invalid (missing connection string, secret key not 32 bytes).</exception>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this code knows.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached or the schema cannot be created.</exception>
    public static async Task<PostgreSqlIamStore> OpenAsync(
        PostgreSqlIamStoreOptions options, TimeProvider? time = null, ILogger<PostgreSqlIamStore>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = new PostgreSqlIamStore(options, time ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await store.StartListeningAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoreRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = _dataSource.CreateCommand("SELECT version, value, secret FROM sts_iam_records WHERE key = $1");
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerDisposal = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRecord(key, reader, 0) : null;
    }

    /// <inheritdoc />
    public async ValueTask<StsResult<IReadOnlyList<long>>> WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default)
    {
        StoreErrors.ValidateBatch(writes);
        cancellationToken.ThrowIfCancellationRequested();

        // Statements run in key order, so two batches touching the same keys lock them in the same order (no deadlock).
        var order = Enumerable.Range(0, writes.Count).OrderBy(i => writes[i].Key, StringComparer.Ordinal).ToArray();
        var versions = new long[writes.Count];
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, transaction);
        await using var batchDisposal = batch.ConfigureAwait(false);
        foreach (var index in order)
        {
            var write = writes[index];
            NpgsqlBatchCommand command;
            if (write.IsDelete)
            {
                command = new NpgsqlBatchCommand("DELETE FROM sts_iam_records WHERE key = $1 AND version = $2");
                command.Parameters.Add(new NpgsqlParameter { Value = write.Key, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = write.ExpectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
            }
            else
            {
                var secret = new NpgsqlParameter { Value = write.Secret is null ? DBNull.Value : _sealer.Seal(write.Secret, write.Key), NpgsqlDbType = NpgsqlDbType.Bytea };
                command = write.ExpectedVersion == 0
                    ? new NpgsqlBatchCommand("INSERT INTO sts_iam_records (key, version, value, secret) VALUES ($1, 1, $2, $3) ON CONFLICT (key) DO NOTHING")
                    : new NpgsqlBatchCommand("UPDATE sts_iam_records SET version = version + 1, value = $2, secret = $3 WHERE key = $1 AND version = $4");
                command.Parameters.Add(new NpgsqlParameter { Value = write.Key, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = write.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(secret);
                if (write.ExpectedVersion != 0)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = write.ExpectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
                }

                versions[index] = write.ExpectedVersion + 1;
            }

            batch.BatchCommands.Add(command);
        }

        // Delivered to every listener when (and only if) the transaction commits.
        var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', k) FROM unnest($1::text[]) AS k");
        notify.Parameters.Add(new NpgsqlParameter { Value = writes.Select(w => w.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(notify);

        try
        {
            await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            return StsResult<IReadOnlyList<long>>.Failure(StoreErrors.ConcurrentModification(writes[order[0]].Key));
        }

        for (var i = 0; i < order.Length; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected != 1)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return StsResult<IReadOnlyList<long>>.Failure(StoreErrors.ConcurrentModification(writes[order[i]].Key));
            }
        }

        if (BeforeCommit is { } hook)
        {
            await hook(connection).ConfigureAwait(false);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return StsResult<IReadOnlyList<long>>.Success(versions);
    }

    /// <inheritdoc />
    public async ValueTask<StorePage> ListAsync(string prefix, string? afterKey, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreErrors.ValidateList(prefix, maxItems);
        var upper = UpperBound(prefix);
        var command = _dataSource.CreateCommand(
            "SELECT key, version, value, secret FROM sts_iam_records WHERE key >= $1"
            + (upper is null ? " AND $2::text IS NULL" : " AND key < $2")
            + (afterKey is null ? " AND $3::text IS NULL" : " AND key > $3")
            + " ORDER BY key LIMIT $4");
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter { Value = prefix, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)upper ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)maxItems + 1, NpgsqlDbType = NpgsqlDbType.Bigint });
        var records = new List<StoreRecord>(Math.Min(maxItems, 64));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerDisposal = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = reader.GetString(0);
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (records.Count == maxItems)
            {
                return new StorePage(records, true);
            }

            records.Add(ReadRecord(key, reader, 1));
        }

        return new StorePage(records, false);
    }

    /// <summary>Stops the change listener and closes the pooled connections.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopListeningAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);

        // Held until the transaction ends: nodes starting together on an empty database create the schema one after the other.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS sts_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL); "
            + "INSERT INTO sts_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
            cancellationToken).ConfigureAwait(false);
        var version = (int)(await ExecuteAsync(connection, transaction, "SELECT version FROM sts_schema WHERE id = 1", cancellationToken).ConfigureAwait(false))!;
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException($"The database schema version {version} is newer than this code's {Migrations.Length}.");
        }

        for (; version < Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version] + $"; UPDATE sts_schema SET version = {version + 1} WHERE id = 1", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private StoreRecord ReadRecord(string key, NpgsqlDataReader reader, int offset)
    {
        var secret = reader.IsDBNull(offset + 2) ? null : _sealer.Open(reader.GetFieldValue<byte[]>(offset + 2), key);
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
