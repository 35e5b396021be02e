namespace Sts.Core.Stores;

/// <summary>
/// Implemented by an <see cref="IIamStore"/> that other processes write to (a store shared by a fleet of nodes)
/// and that tells this process about their writes. Caches in front of such a store drop a record when it is
/// reported changed, and serve nothing from memory while <see cref="IsCurrent"/> is false.
/// </summary>
public interface IIamStoreChangeFeed
{
    /// <summary>
    /// True while every change committed by any writer is known to reach the observers promptly; false once the
    /// feed has gone unconfirmed for longer than its documented bound (a lost connection), until it recovers.
    /// Cheap to read: callers check it on every cached lookup.
    /// </summary>
    bool IsCurrent { get; }

    /// <summary>Registers an observer of changes.</summary>
    /// <param name="observer">The observer; called from a background thread, so it must be thread-safe and quick.</param>
    /// <returns>A registration: dispose it to stop the calls.</returns>
    IDisposable Subscribe(IIamStoreChangeObserver observer);
}
