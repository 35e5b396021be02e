using Sts.Core.Crypto;

namespace Sts.Core.Tokens;

/// <summary>
/// Per-thread AES-256-GCM instances for session token epoch keys, so that sealing and opening a token does not
/// construct (and key-schedule) a new <see cref="Aes256Gcm"/> every time: that construction costs more than the
/// encryption of a whole token. The BCL fallback inside <see cref="Aes256Gcm"/> is not safe to share between threads,
/// hence one small cache per thread.
/// </summary>
/// <remarks>
/// An entry is found by the ring key's reference (as held by the current <see cref="SessionKeyRing"/> snapshot) and the
/// epoch salt; the cipher in it was keyed with <c>HMAC-SHA256(ring key, label ‖ salt)</c>, a function of exactly those two,
/// so a hit is the same cipher a fresh derivation would build. Callers look the ring key up in the ring first, so a
/// retired key's entries are never found again (they linger only until evicted). Openers add an entry only after the
/// tag verified, so forged tokens with made-up salts cannot evict the entries of real epochs.
/// </remarks>
internal static class TokenCipherCache
{
    /// <summary>Entries per thread: enough for the live epochs of many sealing nodes and one key rotation.</summary>
    internal const int Capacity = 32;

    [ThreadStatic]
    private static Entry[]? t_entries;

    [ThreadStatic]
    private static int t_next;

    /// <summary>The calling thread's cipher for the epoch (<paramref name="ringKey"/>, <paramref name="salt"/>), or null.</summary>
    internal static Aes256Gcm? Find(byte[] ringKey, UInt128 salt)
    {
        var entries = t_entries;
        if (entries is null)
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (entry is not null && ReferenceEquals(entry.RingKey, ringKey) && entry.Salt == salt)
            {
                return entry.Cipher;
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="cipher"/> for the calling thread, evicting (and disposing) the oldest entry when full.</summary>
    internal static void Add(byte[] ringKey, UInt128 salt, Aes256Gcm cipher)
    {
        var entries = t_entries ??= new Entry[Capacity];
        var slot = t_next;
        t_next = (slot + 1) % Capacity;
        entries[slot]?.Cipher.Dispose();
        entries[slot] = new Entry(ringKey, salt, cipher);
    }

    private sealed record Entry(byte[] RingKey, UInt128 Salt, Aes256Gcm Cipher);
}
