using System.Security.Cryptography;

namespace Sts.Core.Tokens;

/// <summary>
/// Cryptographically secure random bytes, drawn from a per-thread 4 KiB buffer that is refilled from
/// <see cref="RandomNumberGenerator"/> when it runs out. Minting a session needs 64 random bytes (access key id,
/// secret, salt); one system call per 64 sessions instead of three per session matters on a loaded host.
/// Bytes handed out are wiped from the buffer at once, so each byte is used exactly once.
/// </summary>
internal static class RandomPool
{
    private const int PoolSize = 4096;

    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_position;

    internal static void Fill(Span<byte> destination)
    {
        if (destination.Length > PoolSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var pool = t_pool;
        if (pool is null)
        {
            pool = t_pool = new byte[PoolSize];
            t_position = PoolSize;
        }

        if (PoolSize - t_position < destination.Length)
        {
            RandomNumberGenerator.Fill(pool);
            t_position = 0;
        }

        var chunk = pool.AsSpan(t_position, destination.Length);
        chunk.CopyTo(destination);
        CryptographicOperations.ZeroMemory(chunk);
        t_position += destination.Length;
    }
}
