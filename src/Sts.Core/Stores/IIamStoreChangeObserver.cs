namespace Sts.Core.Stores;

/// <summary>Receives the changes an <see cref="IIamStoreChangeFeed"/> reports.</summary>
public interface IIamStoreChangeObserver
{
    /// <summary>The record at <paramref name="key"/> was created, updated or deleted by some writer (possibly this process).</summary>
    /// <param name="key">The record key.</param>
    void OnRecordChanged(string key);

    /// <summary>Changes may have gone unreported (the feed reconnected after a gap): anything held in memory may be stale.</summary>
    void OnChangesMayHaveBeenMissed();
}
