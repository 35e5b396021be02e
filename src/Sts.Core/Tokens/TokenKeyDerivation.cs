using System.Security.Cryptography;

namespace Sts.Core.Tokens;

/// <summary>
/// Derives the per-token AES-256-GCM key: <c>HKDF-Expand-SHA256(PRK = ring key, info = "sts-session-token-v1" ‖ salt, L = 32)</c>,
/// which for L = 32 is the single block <c>HMAC-SHA256(ring key, "sts-session-token-v1" ‖ salt ‖ 0x01)</c>.
/// </summary>
/// <remarks>
/// RFC 5869 §3.3 lets HKDF skip the extract step when the input is already a uniformly random key, as ring
/// keys are (32 bytes from a CSPRNG); the per-token salt then goes into <c>info</c>. Keeping the HMAC key fixed
/// lets each thread reuse one keyed HMAC instance per ring key instead of re-keying (and, on OpenSSL, re-fetching
/// the KDF) for every token, which is most of the cost of opening a token. HMAC-SHA256 is a PRF, so distinct
/// salts give independent keys. The cache holds at most <see cref="CacheSize"/> instances per thread.
/// </remarks>
internal static class TokenKeyDerivation
{
    internal const int CacheSize = 4;

    /// <summary>The HKDF info label of session tokens.</summary>
    internal static ReadOnlySpan<byte> SessionTokenInfo => "sts-session-token-v1"u8;

    /// <summary>The HKDF info label of encoded authorization messages (a separate key domain under the same ring keys).</summary>
    internal static ReadOnlySpan<byte> AuthorizationMessageInfo => "sts-authorization-message-v1"u8;

    [ThreadStatic]
    private static (byte[] RingKey, HMACSHA256 Hmac)[]? t_cache;

    [ThreadStatic]
    private static int t_next;

    internal static void Derive(byte[] ringKey, ReadOnlySpan<byte> salt, Span<byte> tokenKey) =>
        Derive(ringKey, SessionTokenInfo, salt, tokenKey);

    internal static void Derive(byte[] ringKey, ReadOnlySpan<byte> info, ReadOnlySpan<byte> salt, Span<byte> tokenKey)
    {
        Span<byte> message = stackalloc byte[96];
        info.CopyTo(message);
        salt.CopyTo(message[info.Length..]);
        var length = info.Length + salt.Length;
        message[length++] = 0x01;
        if (!HmacFor(ringKey).TryComputeHash(message[..length], tokenKey, out var written) || written != 32)
        {
            throw new CryptographicException("HMAC-SHA256 did not produce 32 bytes.");
        }
    }

    private static HMACSHA256 HmacFor(byte[] ringKey)
    {
        var cache = t_cache ??= new (byte[], HMACSHA256)[CacheSize];
        foreach (var entry in cache)
        {
            if (ReferenceEquals(entry.RingKey, ringKey))
            {
                return entry.Hmac;
            }
        }

        var slot = t_next;
        t_next = (slot + 1) % CacheSize;
        cache[slot].Hmac?.Dispose();
        var hmac = new HMACSHA256(ringKey);
        cache[slot] = (ringKey, hmac);
        return hmac;
    }
}
