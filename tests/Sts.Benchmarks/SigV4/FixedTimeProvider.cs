namespace Sts.Benchmarks.SigV4;

/// <summary>A clock stopped at the benchmark requests' signing time.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
