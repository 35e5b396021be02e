using System.Collections.Concurrent;

namespace Sts.Core.Stores;

/// <summary>
/// A versioned in-process cache in front of any <see cref="IIamStore"/>. Every write through it is
/// written through: on success the cache holds the new record (or a tombstone for a delete) before the
/// write returns, so reads on this node see it at once. Readers only fill empty slots or replace the exact
/// expired entry they saw (compare-and-swap), so a slow reader can never overwrite a newer write.
/// Writes through the cache are serialized per key stripe on this node. Entries written by other nodes
/// are picked up when the local entry expires (<see cref="TimeToLive"/>), or at once when the store is an
/// <see cref="IIamStoreChangeFeed"/>: a reported change drops the entry, and while the feed is not current no
/// entry is served from memory. Every drop advances a generation counter; a read or write that overlapped a
/// drop does not put what it saw into the cache, so a change report can never be undone by a slow reader.
/// </summary>
internal sealed class IamStoreCache : IIamStoreChangeObserver
{
    private const int StripeCount = 64;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly TimeProvider _time;
    private readonly long _ttlTimestampTicks;
    private readonly IIamStoreChangeFeed? _feed;
    private long _generation;

    public IamStoreCache(IIamStore store, TimeProvider time, TimeSpan? timeToLive)
    {
        Store = store;
        _time = time;
        TimeToLive = timeToLive;
        _ttlTimestampTicks = timeToLive is { } ttl ? (long)(ttl.TotalSeconds * time.TimestampFrequency) : long.MaxValue;
        _feed = store as IIamStoreChangeFeed;
        _feed?.Subscribe(this);
    }

    public IIamStore Store { get; }

    public TimeSpan? TimeToLive { get; }

    public int Count => _entries.Count;

    /// <summary>The cached entry for a key, when present and fresh; no I/O. The hot path of cached lookups.</summary>
    public Entry? TryGetFresh(string key) =>
        _entries.TryGetValue(key, out var entry) && IsFresh(entry) ? entry : null;

    public async ValueTask<Entry> GetAsync(string key, CancellationToken cancellationToken)
    {
        _entries.TryGetValue(key, out var seen);
        if (seen is not null && IsFresh(seen))
        {
            return seen;
        }

        var generation = Volatile.Read(ref _generation);
        var record = await Store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        var loaded = new Entry(record, _time.GetTimestamp());
        if ((record is null && seen is null) || Volatile.Read(ref _generation) != generation || _feed is { IsCurrent: false })
        {
            // Absence observed by a reader is not cached (probes of random names must not grow the cache); nor is
            // what a reader saw while a change report arrived or while the change feed is not current.
            return loaded;
        }

        var cached = seen is null
            ? _entries.GetOrAdd(key, loaded)
            : _entries.TryUpdate(key, loaded, seen) ? loaded : _entries.GetValueOrDefault(key) ?? loaded;
        if (ReferenceEquals(cached, loaded) && Volatile.Read(ref _generation) != generation)
        {
            // A change report arrived between the read and the insert: it may have found nothing to drop yet.
            _entries.TryRemove(KeyValuePair.Create(key, loaded));
        }

        return cached;
    }

    public async ValueTask<StsResult<IReadOnlyList<long>>> WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        var stripes = writes.Select(w => (int)((uint)StringComparer.Ordinal.GetHashCode(w.Key) % StripeCount)).Distinct().Order().ToArray();
        var taken = 0;
        try
        {
            foreach (var stripe in stripes)
            {
                await _stripes[stripe].WaitAsync(cancellationToken).ConfigureAwait(false);
                taken++;
            }

            var generation = Volatile.Read(ref _generation);
            var result = await Store.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
            var now = _time.GetTimestamp();
            var overlapped = Volatile.Read(ref _generation) != generation;
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                if (!result.IsSuccess || overlapped)
                {
                    // Another writer (maybe on another node) changed these records: forget what we hold.
                    _entries.TryRemove(write.Key, out _);
                    continue;
                }

                var entry = new Entry(write.IsDelete ? null : new StoreRecord(write.Key, result.Value[i], write.Value!, write.Secret), now);
                _entries[write.Key] = entry;
                if (Volatile.Read(ref _generation) != generation)
                {
                    _entries.TryRemove(KeyValuePair.Create(write.Key, entry));
                }
            }

            return result;
        }
        catch
        {
            foreach (var write in writes)
            {
                _entries.TryRemove(write.Key, out _);
            }

            throw;
        }
        finally
        {
            for (var i = 0; i < taken; i++)
            {
                _stripes[stripes[i]].Release();
            }
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <inheritdoc />
    public void OnRecordChanged(string key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
    }

    /// <inheritdoc />
    public void OnChangesMayHaveBeenMissed() => Clear();

    private bool IsFresh(Entry entry) =>
        (_feed is null || _feed.IsCurrent) && (_ttlTimestampTicks == long.MaxValue || _time.GetTimestamp() - entry.LoadedAt < _ttlTimestampTicks);

    /// <summary>A cached record (null: known deleted), when it was loaded, and its decoded form once someone decoded it.</summary>
    internal sealed class Entry(StoreRecord? record, long loadedAt)
    {
        private volatile object? _decoded;

        public StoreRecord? Record { get; } = record;

        public long LoadedAt { get; } = loadedAt;

        public object? Decoded
        {
            get => _decoded;
            set => _decoded = value;
        }
    }
}
