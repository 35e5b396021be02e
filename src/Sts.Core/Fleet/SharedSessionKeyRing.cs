using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Core.Crypto;
using Sts.Core.Stores;
using Sts.Core.Tokens;

namespace Sts.Core.Fleet;

/// <summary>
/// The session key ring and revocation list shared by every node of a fleet through the IAM store. Keys are kept in
/// one record, each sealed with AES-256-GCM under the host master key; every node mirrors the record into its local
/// <see cref="Ring"/> and <see cref="Revocations"/> (what <see cref="SessionTokenSealer"/> uses).
/// Rotation has two phases so no node ever meets a token sealed with a key it does not hold: a new key is first
/// published accept-only (it opens tokens everywhere, seals nowhere), and becomes the sealing key only once
/// <see cref="SharedSessionKeyRingOptions.PropagationDelay"/> has passed. A key that stopped sealing is retired after
/// <see cref="SharedSessionKeyRingOptions.RetireAfter"/> (the longest session it sealed has expired). Every step is an
/// optimistic write, so nodes running the same maintenance at once agree. Changes reach the other nodes through the
/// store's change feed when it has one, and through the periodic refresh in any case.
/// </summary>
public sealed partial class SharedSessionKeyRing : IAsyncDisposable
{
    /// <summary>The store key of the key ring record.</summary>
    public const string KeyRingRecordKey = "sts/session-key-ring";

    /// <summary>The store key of the revocation record.</summary>
    public const string RevocationsRecordKey = "sts/session-revocations";

    private const int WriteAttempts = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IIamStore _store;
    private readonly SharedSessionKeyRingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SecretSealer _sealer;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;
    private Task? _loop;
    private long _ringVersion;
    private long _revocationsVersion;

    // The active key for which "rotation paused, ring full" was last logged: the warning is logged once per active key.
    private uint _rotationPausedFor = uint.MaxValue;

    private SharedSessionKeyRing(IIamStore store, SharedSessionKeyRingOptions options, TimeProvider time, ILogger logger, SessionKeyRing ring)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _sealer = new SecretSealer(options.MasterKeyId, options.MasterKey.Span);
        Ring = ring;
    }

    /// <summary>The local mirror of the shared ring: give it to <see cref="SessionTokenSealer"/>.</summary>
    public SessionKeyRing Ring { get; }

    /// <summary>The local mirror of the shared revocations: give it to <see cref="SessionTokenSealer"/>.</summary>
    public SessionRevocationList Revocations { get; } = new();

    /// <summary>
    /// Opens the shared ring, creating it with one fresh active key when the store holds none (nodes starting together
    /// agree on one ring), and starts following its changes.
    /// </summary>
    /// <param name="store">The store shared by the fleet.</param>
    /// <param name="options">The options.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where background failures are logged; nothing when null.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open ring.</returns>
    /// <exception cref="ArgumentException">The options are invalid (master key not 32 bytes).</exception>
    /// <exception cref="InvalidOperationException">The stored ring cannot be opened with this master key, or is malformed.</exception>
    public static async Task<SharedSessionKeyRing> OpenAsync(
        IIamStore store, SharedSessionKeyRingOptions options, TimeProvider? time = null, ILogger<SharedSessionKeyRing>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        var sealer = new SecretSealer(options.MasterKeyId, options.MasterKey.Span);
        for (var attempt = 0; ; attempt++)
        {
            var record = await store.GetAsync(KeyRingRecordKey, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                var document = new RingDocument([NewKey(sealer, 1, time.GetUtcNow(), activated: true)], 1);
                var created = await store.WriteAsync([StoreWrite.Create(KeyRingRecordKey, JsonSerializer.Serialize(document, Json))], cancellationToken).ConfigureAwait(false);
                if (!created.IsSuccess && attempt < WriteAttempts)
                {
                    // Another node created it first: use theirs.
                    continue;
                }

                record = created.IsSuccess ? new StoreRecord(KeyRingRecordKey, created.Value[0], JsonSerializer.Serialize(document, Json)) : null;
            }

            if (record is null)
            {
                throw new InvalidOperationException("The session key ring could not be created in the store.");
            }

            var ring = new SharedSessionKeyRing(store, options, time, (ILogger?)logger ?? NullLogger.Instance, BuildRing(sealer, Parse(record)));
            ring._ringVersion = record.Version;
            await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
            ring.Start();
            return ring;
        }
    }

    /// <summary>Publishes a fresh key as accept-only: every node opens tokens sealed with it; it seals once <see cref="MaintainAsync"/> activates it after the propagation delay.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new key's id.</returns>
    /// <exception cref="InvalidOperationException">The ring is full or the write kept conflicting.</exception>
    public async Task<uint> BeginRotationAsync(CancellationToken cancellationToken = default)
    {
        uint added = 0;
        await UpdateRingAsync(
            document =>
            {
                if (document.Keys.Count >= SessionKeyRing.MaxKeys)
                {
                    throw new InvalidOperationException("The session key ring is full: retire keys before rotating.");
                }

                added = document.Keys.Max(k => k.Id) + 1;
                return document with { Keys = [.. document.Keys, NewKey(_sealer, added, _time.GetUtcNow(), activated: false)] };
            },
            cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>
    /// Advances rotations: activates the newest accept-only key published at least the propagation delay ago, retires keys
    /// that stopped sealing at least <see cref="SharedSessionKeyRingOptions.RetireAfter"/> ago, and begins a rotation when the
    /// active key is older than <see cref="SharedSessionKeyRingOptions.RotationPeriod"/>. Idempotent; safe on every node at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when the ring is up to date.</returns>
    public async Task MaintainAsync(CancellationToken cancellationToken = default)
    {
        uint? pausedActive = null;
        await UpdateRingAsync(
            document =>
            {
                var now = _time.GetUtcNow();
                var keys = document.Keys.ToList();
                var active = document.Active;
                var ready = keys.Where(k => k.ActivatedAt is null && k.PublishedAt + _options.PropagationDelay <= now).MaxBy(k => k.Id);
                if (ready is not null)
                {
                    keys = keys.Select(k => k.Id == ready.Id ? k with { ActivatedAt = now } : k.Id == active ? k with { DeactivatedAt = now } : k).ToList();
                    active = ready.Id;
                }

                keys.RemoveAll(k => k.Id != active && k.DeactivatedAt is { } stopped && stopped + _options.RetireAfter <= now);
                pausedActive = null;
                if (_options.RotationPeriod is { } period && keys.All(k => k.ActivatedAt is not null)
                    && keys.Single(k => k.Id == active).ActivatedAt + period <= now)
                {
                    if (keys.Count < SessionKeyRing.MaxKeys)
                    {
                        keys.Add(NewKey(_sealer, keys.Max(k => k.Id) + 1, now, activated: false));
                    }
                    else
                    {
                        // Every slot holds a key that may still open live sessions: rotation waits for the oldest to retire.
                        pausedActive = active;
                    }
                }

                var next = new RingDocument(keys, active);
                return next.Active == document.Active && next.Keys.SequenceEqual(document.Keys) ? null : next;
            },
            cancellationToken).ConfigureAwait(false);
        if (pausedActive is { } paused && Interlocked.Exchange(ref _rotationPausedFor, paused) != paused)
        {
            LogRotationPaused(_logger, SessionKeyRing.MaxKeys, _options.RotationPeriod!.Value, _options.RetireAfter);
        }
    }

    /// <summary>Revokes, on every node, the sessions of <paramref name="principalArn"/> issued before <paramref name="cutoff"/> (see <see cref="SessionRevocationList"/>).</summary>
    /// <param name="principalArn">A role ARN or a user ARN.</param>
    /// <param name="cutoff">Sessions issued before this instant are revoked.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the revocation is stored and applied on this node.</returns>
    /// <exception cref="InvalidOperationException">The write kept conflicting.</exception>
    public async Task RevokeSessionsIssuedBeforeAsync(string principalArn, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(principalArn);
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(RevocationsRecordKey, cancellationToken).ConfigureAwait(false);
            var entries = record is null
                ? new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, DateTimeOffset>(JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(record.Value, Json)!, StringComparer.OrdinalIgnoreCase);
            if (!entries.TryGetValue(principalArn, out var existing) || existing < cutoff)
            {
                entries[principalArn] = cutoff.ToUniversalTime();
            }

            var value = JsonSerializer.Serialize(entries, Json);
            var written = await _store.WriteAsync([new StoreWrite(RevocationsRecordKey, record?.Version ?? 0, value)], cancellationToken).ConfigureAwait(false);
            if (written.IsSuccess)
            {
                Revocations.RevokeSessionsIssuedBefore(principalArn, cutoff);
                return;
            }
        }

        throw new InvalidOperationException("The session revocations could not be written: too many concurrent changes.");
    }

    /// <summary>Re-reads the ring and the revocations from the store and mirrors them into <see cref="Ring"/> and <see cref="Revocations"/>.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>A task that completes when the local mirrors are up to date.</returns>
    /// <exception cref="InvalidOperationException">The stored ring cannot be opened with this master key, or is malformed.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _store.GetAsync(KeyRingRecordKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The session key ring record has disappeared from the store.");
            if (record.Version != _ringVersion)
            {
                Mirror(Parse(record));
                _ringVersion = record.Version;
            }

            var revocations = await _store.GetAsync(RevocationsRecordKey, cancellationToken).ConfigureAwait(false);
            if (revocations is not null && revocations.Version != _revocationsVersion)
            {
                var entries = JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(revocations.Value, Json)!;
                foreach (var (arn, cutoff) in entries)
                {
                    Revocations.RevokeSessionsIssuedBefore(arn, cutoff);
                }

                foreach (var arn in Revocations.Entries.Keys.Where(arn => !entries.ContainsKey(arn)).ToList())
                {
                    Revocations.Remove(arn);
                }

                _revocationsVersion = revocations.Version;
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Stops following changes.</summary>
    /// <returns>A task that completes when the background loop has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _subscription?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void Start()
    {
        if (_store is IIamStoreChangeFeed feed)
        {
            _subscription = feed.Subscribe(new Observer(this));
        }

        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        var nextMaintenance = _time.GetTimestamp();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using (var wait = _options.RefreshInterval is { } interval ? new CancellationTokenSource(interval, _time) : new CancellationTokenSource())
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, wait.Token))
                {
                    try
                    {
                        await _wake.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                    {
                        // The refresh interval elapsed.
                    }
                }

                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                await RefreshAsync(stopping).ConfigureAwait(false);
                if (_options.RefreshInterval is { } period && _time.GetTimestamp() >= nextMaintenance)
                {
                    await MaintainAsync(stopping).ConfigureAwait(false);
                    nextMaintenance = _time.GetTimestamp() + (long)(period.TotalSeconds * _time.TimestampFrequency);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogRefreshFailed(_logger, e.GetType().Name, e.Message);
            }
        }
    }

    private async Task UpdateRingAsync(Func<RingDocument, RingDocument?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(KeyRingRecordKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The session key ring record has disappeared from the store.");
            var next = change(Parse(record));
            if (next is null)
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var written = await _store.WriteAsync([StoreWrite.Update(KeyRingRecordKey, record.Version, JsonSerializer.Serialize(next, Json))], cancellationToken).ConfigureAwait(false);
            if (written.IsSuccess)
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        throw new InvalidOperationException("The session key ring could not be updated: too many concurrent changes.");
    }

    private void Mirror(RingDocument document)
    {
        // Make room first: the ring holds at most MaxKeys, so keys the document dropped leave before new ones arrive.
        var wanted = document.Keys.Select(k => k.Id).ToHashSet();
        if (!wanted.Contains(Ring.ActiveKeyId) && Ring.KeyIds.FirstOrDefault(wanted.Contains) is var kept and not 0)
        {
            Ring.Activate(kept);
        }

        foreach (var id in Ring.KeyIds.Where(id => !wanted.Contains(id) && id != Ring.ActiveKeyId).ToList())
        {
            Ring.Retire(id);
        }

        var present = Ring.KeyIds.ToHashSet();
        foreach (var key in document.Keys.Where(k => !present.Contains(k.Id)))
        {
            var material = OpenKey(_sealer, key);
            try
            {
                Ring.AddKey(key.Id, material);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }

        Ring.Activate(document.Active);
        foreach (var id in Ring.KeyIds.Where(id => document.Keys.All(k => k.Id != id)).ToList())
        {
            Ring.Retire(id);
        }
    }

    private static SessionKeyRing BuildRing(SecretSealer sealer, RingDocument document)
    {
        var text = new StringBuilder();
        foreach (var key in document.Keys)
        {
            var material = OpenKey(sealer, key);
            text.Append(CultureInfo.InvariantCulture, $"key {key.Id} {Convert.ToBase64String(material)}\n");
            CryptographicOperations.ZeroMemory(material);
        }

        text.Append(CultureInfo.InvariantCulture, $"active {document.Active}\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        try
        {
            var ring = SessionKeyRing.Load(bytes);
            return ring.IsSuccess ? ring.Value : throw new InvalidOperationException("The stored session key ring is malformed: " + ring.Error!.Message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static RingDocument Parse(StoreRecord record)
    {
        RingDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RingDocument>(record.Value, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException("The stored session key ring is not valid JSON: " + e.Message, e);
        }

        if (document?.Keys is not { Count: > 0 } keys || keys.All(k => k.Id != document.Active))
        {
            throw new InvalidOperationException("The stored session key ring has no keys or names an active key it does not hold.");
        }

        return document;
    }

    private static StoredKey NewKey(SecretSealer sealer, uint id, DateTimeOffset now, bool activated)
    {
        var material = RandomNumberGenerator.GetBytes(SessionKeyRing.KeyLength);
        try
        {
            var sealedKey = sealer.Seal(Convert.ToBase64String(material), MaterialBinding(id));
            return new StoredKey(id, Convert.ToBase64String(sealedKey), now, activated ? now : null, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static byte[] OpenKey(SecretSealer sealer, StoredKey key)
    {
        try
        {
            return Convert.FromBase64String(sealer.Open(Convert.FromBase64String(key.Material), MaterialBinding(key.Id)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new InvalidOperationException(
                $"The session key ring stored in the IAM store cannot be opened: key {key.Id} does not open with this node's master key. "
                + "Every node of a fleet needs the same master key (or the same root secret it is derived from).",
                e);
        }
    }

    private static string MaterialBinding(uint id) => KeyRingRecordKey + "/key/" + id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session key rotation is paused: the ring holds its {MaxKeys} keys, each kept until the sessions it sealed expire; rotating every {Period} with keys retired after {RetireAfter} fills it. Rotation resumes when the oldest key retires; choose a period of at least RetireAfter / (MaxKeys - 1).")]
    private static partial void LogRotationPaused(ILogger logger, int maxKeys, TimeSpan period, TimeSpan retireAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the shared session key ring failed ({Kind}: {Reason}); retrying.")]
    private static partial void LogRefreshFailed(ILogger logger, string kind, string reason);

    private sealed record RingDocument(IReadOnlyList<StoredKey> Keys, uint Active);

    /// <summary>One key: its id, its material sealed under the master key, and when it was published, activated and deactivated.</summary>
    private sealed record StoredKey(uint Id, string Material, DateTimeOffset PublishedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? DeactivatedAt);

    private sealed class Observer(SharedSessionKeyRing ring) : IIamStoreChangeObserver
    {
        public void OnRecordChanged(string key)
        {
            if (key is KeyRingRecordKey or RevocationsRecordKey)
            {
                ring._wake.Writer.TryWrite(true);
            }
        }

        public void OnChangesMayHaveBeenMissed() => ring._wake.Writer.TryWrite(true);
    }
}
