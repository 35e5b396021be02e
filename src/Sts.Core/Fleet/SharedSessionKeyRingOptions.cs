namespace Sts.Core.Fleet;

/// <summary>Options of <see cref="SharedSessionKeyRing"/>. Validated once, when the ring opens.</summary>
public sealed class SharedSessionKeyRingOptions
{
    /// <summary>
    /// The 32-byte AES-256 key that seals the session keys in the store. Required, and the same on every node of the
    /// fleet; a node with another master key cannot open the stored ring and refuses to start.
    /// </summary>
    public required ReadOnlyMemory<byte> MasterKey { get; init; }

    /// <summary>The id recorded with each sealed session key (1 to 255 bytes). Default <c>m1</c>.</summary>
    public string MasterKeyId { get; init; } = "m1";

    /// <summary>
    /// How long a new key is published as accept-only (every node opens tokens sealed with it, none seals with it)
    /// before it becomes the sealing key. Must exceed the time a write takes to reach every node: the store's coherence
    /// bound (one second for the PostgreSQL store) or <see cref="RefreshInterval"/> without a change feed. Default 5 seconds.
    /// </summary>
    public TimeSpan PropagationDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a key keeps opening tokens after it stopped sealing: the longest session lifetime plus clock skew.
    /// Default 36 hours (AWS's longest session) plus 5 minutes.
    /// </summary>
    public TimeSpan RetireAfter { get; init; } = TimeSpan.FromHours(36) + TimeSpan.FromMinutes(5);

    /// <summary>
    /// Starts a rotation when the sealing key has been active this long; null (the default) rotates only on request. The
    /// ring holds at most <see cref="Tokens.SessionKeyRing.MaxKeys"/> keys and keeps each until <see cref="RetireAfter"/>
    /// after it stopped sealing, so a period shorter than <c>RetireAfter / (MaxKeys - 1)</c> (about 35 minutes with the
    /// defaults) fills the ring: rotation then pauses, with a warning logged, until the oldest key retires.
    /// </summary>
    public TimeSpan? RotationPeriod { get; init; }

    /// <summary>
    /// How often the background loop re-reads the ring and advances rotations (activation, retirement). Changes reported by
    /// a change feed are picked up at once besides. Null stops the loop (the host calls <see cref="SharedSessionKeyRing.RefreshAsync"/>
    /// and <see cref="SharedSessionKeyRing.MaintainAsync"/> itself). Default 1 second.
    /// </summary>
    public TimeSpan? RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (MasterKey.Length != 32)
        {
            throw new ArgumentException($"The key ring master key must be 32 bytes, not {MasterKey.Length}.", nameof(MasterKey));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PropagationDelay, TimeSpan.Zero, nameof(PropagationDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetireAfter, TimeSpan.Zero, nameof(RetireAfter));
        if (RotationPeriod is { } period && period <= PropagationDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RotationPeriod), "The rotation period must be longer than the propagation delay.");
        }

        if (RefreshInterval is { } interval && interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RefreshInterval), "The refresh interval must be positive or null.");
        }
    }
}
