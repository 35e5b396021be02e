namespace Sts.Core.Stores;

/// <summary>
/// The narrow persistence contract behind IAM: versioned records under string keys. Every write is atomic
/// and guarded by optimistic concurrency: a write names the version it expects (0 for "must not exist")
/// and is refused with <c>ConcurrentModification</c> when another writer got there first.
/// Implementations are thread-safe.
/// </summary>
public interface IIamStore
{
    /// <summary>Reads one record.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or null when there is none.</returns>
    ValueTask<StoreRecord?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies several writes atomically: all of them, or none. Each write is refused unless the record's
    /// current version equals <see cref="StoreWrite.ExpectedVersion"/> (0: the record must not exist).
    /// </summary>
    /// <param name="writes">The writes, at most one per key.</param>
    /// <param name="cancellationToken">Cancels the write before it starts.</param>
    /// <returns>
    /// The new version of each written record, in the order of <paramref name="writes"/> (0 for a delete);
    /// or <c>ConcurrentModification</c> (409) when any expected version did not match, in which case nothing was written.
    /// </returns>
    ValueTask<StsResult<IReadOnlyList<long>>> WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>Lists the records whose keys start with <paramref name="prefix"/>, in ordinal key order.</summary>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="afterKey">Only keys ordinally greater than this one (a pagination marker), or null to start at the beginning.</param>
    /// <param name="maxItems">The most records to return (at least 1).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page of records; <see cref="StorePage.IsTruncated"/> says whether more follow.</returns>
    ValueTask<StorePage> ListAsync(string prefix, string? afterKey, int maxItems, CancellationToken cancellationToken = default);
}
