using System.Collections.Immutable;

namespace Sts.Core.Stores.InMemory;

/// <summary>
/// An <see cref="IIamStore"/> held in process memory: for tests, single-process hosts and benchmarks.
/// Reads are lock-free (they see an immutable snapshot); writes are serialized and atomic.
/// </summary>
public sealed class InMemoryIamStore : IIamStore
{
    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot = new(ImmutableDictionary.Create<string, StoreRecord>(StringComparer.Ordinal), ImmutableList<string>.Empty);

    /// <summary>The number of records held.</summary>
    public int Count => _snapshot.Records.Count;

    /// <inheritdoc />
    public ValueTask<StoreRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_snapshot.Records.GetValueOrDefault(key));
    }

    /// <inheritdoc />
    public ValueTask<StsResult<IReadOnlyList<long>>> WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default)
    {
        StoreErrors.ValidateBatch(writes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeLock)
        {
            var snapshot = _snapshot;
            foreach (var write in writes)
            {
                var current = snapshot.Records.GetValueOrDefault(write.Key)?.Version ?? 0;
                if (current != write.ExpectedVersion)
                {
                    return ValueTask.FromResult(StsResult<IReadOnlyList<long>>.Failure(StoreErrors.ConcurrentModification(write.Key)));
                }
            }

            var records = snapshot.Records.ToBuilder();
            var keys = snapshot.Keys.ToBuilder();
            var versions = new long[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                if (write.IsDelete)
                {
                    records.Remove(write.Key);
                    keys.RemoveAt(keys.BinarySearch(write.Key, StringComparer.Ordinal));
                    continue;
                }

                versions[i] = write.ExpectedVersion + 1;
                records[write.Key] = new StoreRecord(write.Key, versions[i], write.Value!, write.Secret);
                if (write.ExpectedVersion == 0)
                {
                    var index = keys.BinarySearch(write.Key, StringComparer.Ordinal);
                    keys.Insert(~index, write.Key);
                }
            }

            _snapshot = new Snapshot(records.ToImmutable(), keys.ToImmutable());
            return ValueTask.FromResult(StsResult<IReadOnlyList<long>>.Success(versions));
        }
    }

    /// <inheritdoc />
    public ValueTask<StorePage> ListAsync(string prefix, string? afterKey, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreErrors.ValidateList(prefix, maxItems);
        var snapshot = _snapshot;
        var startsAfterMarker = afterKey is not null && string.CompareOrdinal(afterKey, prefix) >= 0;
        var index = snapshot.Keys.BinarySearch(startsAfterMarker ? afterKey! : prefix, StringComparer.Ordinal);
        index = index >= 0 ? (startsAfterMarker ? index + 1 : index) : ~index;
        var page = new List<StoreRecord>(Math.Min(maxItems, 64));
        for (; index < snapshot.Keys.Count; index++)
        {
            var key = snapshot.Keys[index];
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }

            if (page.Count == maxItems)
            {
                return ValueTask.FromResult(new StorePage(page, true));
            }

            page.Add(snapshot.Records[key]);
        }

        return ValueTask.FromResult(new StorePage(page, false));
    }

    private sealed record Snapshot(ImmutableDictionary<string, StoreRecord> Records, ImmutableList<string> Keys);
}
