using System.Security.Cryptography;

namespace Sts.Core.Tokens;

/// <summary>
/// Derives AES-256-GCM keys from ring keys: <c>HKDF-Expand-SHA256(PRK = ring key, info = LABEL ‖ salt, L = 32)</c>,
/// which for L = 32 is the single block <c>HMAC-SHA256(ring key, LABEL ‖ salt ‖ 0x01)</c>. Session tokens use it for
/// their epoch keys (<see cref="SessionTokenSealer"/>), encoded authorization messages for per-message keys.
/// </summary>
/// <remarks>
/// RFC 5869 §3.3 lets HKDF skip the extract step when the input is already a uniformly random key, as ring
/// keys are (32 bytes from a CSPRNG); the per-token salt then goes into <c>info</c>. Keeping the HMAC key fixed
/// lets each thread reuse one keyed HMAC instance per ring key instead of re-keying (and, on OpenSSL, re-fetching
/// the KDF) for every derivation. HMAC-SHA256 is a PRF, so distinct
/// salts give independent keys. The cache holds at most <see cref="CacheSize"/> instances per thread.
/// </remarks>
internal static class TokenKeyDerivation
{
    internal const int CacheSize = 4;

    /// <summary>The HKDF info label of session token epoch keys (format version 2).</summary>
    internal static ReadOnlySpan<byte> SessionTokenInfo => "sts-session-token-v2"u8;

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
