using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sts.Core.Crypto;

namespace Sts.Core.Tokens;

/// <summary>
/// Seals a <see cref="SessionState"/> into a session token and opens it again, statelessly: any node holding
/// the <see cref="SessionKeyRing"/> rebuilds the session from the token alone.
/// </summary>
/// <remarks>
/// <para>Format (version 2), Base64url without padding:
/// <c>version (1 byte, 0x02) ‖ key id (4 bytes, big-endian) ‖ epoch salt (16 bytes) ‖ counter (8 bytes, big-endian) ‖ ciphertext ‖ GCM tag (16 bytes)</c>.
/// The plaintext is the compact binary encoding of <see cref="SessionTokenCodec"/>. The whole 29-byte header
/// is the associated data, so none of it can be changed or swapped. Any other version byte (version 1 included) is
/// refused with <c>InvalidClientTokenId</c> before any cryptography.</para>
/// <para>Keys and nonces. A sealer works in <em>epochs</em>: an epoch starts when the sealer first seals under a ring
/// key (so on every start and every key rotation) and has a fresh random 128-bit salt <c>s</c> and the epoch key
/// <c>K = HKDF-Expand-SHA256(PRK = ring key, info = "sts-session-token-v2" ‖ s, L = 32)</c>, one HMAC-SHA256
/// (<see cref="TokenKeyDerivation"/>). Each token of the epoch takes the next value <c>c</c> of a 64-bit counter that
/// starts at a random value below 2^62 and only increases (atomically; a new epoch begins before it reaches 2^63), and is
/// encrypted under <c>K</c> with the 96-bit nonce <c>0x00000000 ‖ c</c>. Why this is safe past 2^40 tokens per ring key:
/// (1) within an epoch no nonce repeats, by construction, not by chance; (2) HMAC-SHA256 is a PRF, so epoch keys of
/// distinct salts are independent, and two epochs share a key only if their random 128-bit salts collide, probability at
/// most E²/2^129 for E epochs (2^-65 even for E = 2^32 epochs); (3) what is left is GCM's bound for one key with unique
/// nonces, about σ²/2^129 for σ blocks encrypted: a 12-block token and 2^40 tokens in one epoch give 2^-41. Hence no
/// (key, nonce) pair repeats and the number of tokens per ring key is not capped by the ~2^32 messages of random 96-bit
/// nonces. The alternative of encrypting directly under the ring key with random 96-bit nonces was rejected: its
/// collision probability n²/2^97 is 2^-33 at n = 2^32 tokens but 2^-17 at 2^40, and a ring key's lifetime (at least the
/// 36-hour longest session) does not bound how many tokens it seals. What the header reveals: tokens of one epoch share a
/// salt, and the difference of two tokens' counters is the number of tokens the sealer minted between them (the
/// random start hides the absolute count); nothing about the session.</para>
/// <para>Speed: the epoch key is derived once per epoch, and each thread keeps its AES-GCM instance per epoch
/// (<see cref="TokenCipherCache"/>), so sealing and opening a token cost one AES-GCM operation and the encoding, not a key
/// derivation and an AES key schedule. AES-GCM is <see cref="Crypto.Aes256Gcm"/>: AES-NI and PCLMULQDQ on x86 (the BCL's
/// OpenSSL-backed <see cref="AesGcm"/> spends ~1.8 µs per call re-initializing its context), the BCL elsewhere. An opener that meets a new epoch derives its key (one HMAC) and keeps the cipher
/// only once the token's tag verified, so made-up salts cannot evict real epochs.</para>
/// <para>Opening checks, in order: length cap and Base64url alphabet (before any decoding or crypto),
/// version and key id, authentication tag, payload structure, the request's access key id (constant time),
/// expiry, and revocation. Every failure before expiry is <c>InvalidClientTokenId</c>, saying nothing about
/// which check failed.</para>
/// </remarks>
public sealed class SessionTokenSealer
{
    /// <summary>The only format version sealed and opened.</summary>
    public const byte FormatVersion = 2;

    /// <summary>The longest token text accepted by <see cref="Open"/>; longer tokens are refused before decoding.</summary>
    public const int MaxTokenLength = 16 * 1024;

    internal const int KeyIdLength = 4;
    internal const int SaltLength = 16;
    internal const int CounterLength = 8;
    internal const int SaltOffset = 1 + KeyIdLength;
    internal const int CounterOffset = SaltOffset + SaltLength;
    internal const int HeaderLength = CounterOffset + CounterLength;
    internal const int TagLength = 16;

    /// <summary>Counters start below this, so an epoch seals at least 2^62 tokens before <see cref="CounterLimit"/>.</summary>
    private const ulong CounterStartLimit = 1UL << 62;

    /// <summary>An epoch whose counter reaches this is replaced by a new one (unreachable in practice; keeps nonces unique).</summary>
    private const ulong CounterLimit = 1UL << 63;

    private const int NonceLength = 12;
    private const int StackThreshold = 1024;

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly SessionKeyRing _keyRing;
    private readonly TimeProvider _time;
    private readonly SessionRevocationList? _revocations;
    private SealingEpoch? _epoch;

    /// <summary>Creates a sealer.</summary>
    /// <param name="keyRing">The keys; the active one seals.</param>
    /// <param name="time">The clock that decides expiry.</param>
    /// <param name="revocations">Revoked roles and users, checked when a token is opened; null for none.</param>
    public SessionTokenSealer(SessionKeyRing keyRing, TimeProvider time, SessionRevocationList? revocations = null)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        ArgumentNullException.ThrowIfNull(time);
        _keyRing = keyRing;
        _time = time;
        _revocations = revocations;
    }

    /// <summary>Seals a session under the ring's active key.</summary>
    /// <param name="session">The session; it must satisfy its invariants (valid keys, tags unique, etc.).</param>
    /// <returns>The token and its <c>PackedPolicySize</c>, or <c>PackedPolicyTooLarge</c> when the session policies and tags exceed <see cref="PackedPolicyBudget"/>.</returns>
    /// <exception cref="ArgumentException">The session breaks an invariant (a caller bug: the STS operations validate input first).</exception>
    /// <exception cref="InvalidOperationException">The ring has no key.</exception>
    public StsResult<SealedSessionToken> Seal(SessionState session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.FindInvariantViolation() is { } violation)
        {
            throw new ArgumentException($"The session cannot be sealed: {violation}.", nameof(session));
        }

        var snapshot = _keyRing.Current;
        var ringKey = snapshot.KeyFor(snapshot.ActiveId) ?? throw new InvalidOperationException("The session key ring has no key.");

        using var writer = new TokenWriter();
        var packed = SessionTokenCodec.Encode(session, writer);
        var percentage = PackedPolicyBudget.PercentageOf(packed);
        if (percentage > 100)
        {
            return PackedPolicyBudget.TooLarge(percentage);
        }

        var plaintext = writer.Written;
        var total = HeaderLength + plaintext.Length + TagLength;
        var rented = total > StackThreshold ? ArrayPool<byte>.Shared.Rent(total) : null;
        var token = rented is null ? stackalloc byte[total] : rented.AsSpan(0, total);
        try
        {
            var (epoch, counter) = NextNonce(snapshot.ActiveId, ringKey);
            token[0] = FormatVersion;
            BinaryPrimitives.WriteUInt32BigEndian(token[1..], epoch.KeyId);
            BinaryPrimitives.WriteUInt128BigEndian(token.Slice(SaltOffset, SaltLength), epoch.Salt);
            BinaryPrimitives.WriteUInt64BigEndian(token.Slice(CounterOffset, CounterLength), counter);
            var cipher = TokenCipherCache.Find(ringKey, epoch.Salt);
            if (cipher is null)
            {
                cipher = new Aes256Gcm(epoch.Key);
                TokenCipherCache.Add(ringKey, epoch.Salt, cipher);
            }

            Span<byte> nonce = stackalloc byte[NonceLength];
            NonceOf(token, nonce);
            cipher.Encrypt(nonce, plaintext, token.Slice(HeaderLength, plaintext.Length), token[^TagLength..], token[..HeaderLength]);
            return new SealedSessionToken(Base64Url.EncodeToString(token), percentage);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>Opens a session token presented with <paramref name="accessKeyId"/> and checks it is still good.</summary>
    /// <param name="token">The <c>x-amz-security-token</c> value.</param>
    /// <param name="accessKeyId">The access key id the request was signed with.</param>
    /// <returns>
    /// The session, or: <c>InvalidClientTokenId</c> (403) when the token is malformed, altered, sealed under an unknown
    /// or retired key, or belongs to another access key id; <c>ExpiredToken</c> (403, as STS and IAM answer it) when the session has expired;
    /// <c>AccessDenied</c> (403) when its role or user had its sessions revoked after it was issued.
    /// </returns>
    public StsResult<SessionState> Open(string? token, string? accessKeyId)
    {
        if (token is null || accessKeyId is null || token.Length > MaxTokenLength
            || token.Length < Base64Url.GetEncodedLength(HeaderLength + TagLength + 1)
            || token.AsSpan().ContainsAnyExcept(Base64UrlAlphabet) || !IsCanonicalBase64UrlLength(token))
        {
            return SessionTokenErrors.Invalid;
        }

        var byteLength = Base64Url.GetMaxDecodedLength(token.Length);
        var rented = byteLength > StackThreshold ? ArrayPool<byte>.Shared.Rent(byteLength * 2) : null;
        var work = rented is null ? stackalloc byte[byteLength * 2] : rented.AsSpan(0, byteLength * 2);
        try
        {
            var bytes = work[..byteLength];
            if (Base64Url.DecodeFromChars(token, bytes, out var consumed, out var written) != OperationStatus.Done
                || consumed != token.Length || written != byteLength)
            {
                return SessionTokenErrors.Invalid;
            }

            return OpenBytes(bytes, work.Slice(byteLength, byteLength - HeaderLength - TagLength), accessKeyId);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
            else
            {
                // The plaintext (with the session's secret) was decrypted onto the stack, after the token bytes.
                CryptographicOperations.ZeroMemory(work[byteLength..]);
            }
        }
    }

    private StsResult<SessionState> OpenBytes(ReadOnlySpan<byte> bytes, Span<byte> plaintext, string accessKeyId)
    {
        if (bytes[0] != FormatVersion)
        {
            return SessionTokenErrors.Invalid;
        }

        var ringKey = _keyRing.Current.KeyFor(BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]));
        if (ringKey is null)
        {
            return SessionTokenErrors.Invalid;
        }

        var header = bytes[..HeaderLength];
        var salt = BinaryPrimitives.ReadUInt128BigEndian(bytes.Slice(SaltOffset, SaltLength));
        Span<byte> nonce = stackalloc byte[NonceLength];
        NonceOf(bytes, nonce);
        var cipher = TokenCipherCache.Find(ringKey, salt);
        if (cipher is not null)
        {
            if (!cipher.TryDecrypt(nonce, bytes[HeaderLength..^TagLength], bytes[^TagLength..], plaintext, header))
            {
                return SessionTokenErrors.Invalid;
            }
        }
        else if (!TryOpenNewEpoch(ringKey, salt, nonce, bytes, plaintext))
        {
            return SessionTokenErrors.Invalid;
        }

        if (!SessionTokenCodec.TryDecode(plaintext, out var session) || !SameAccessKeyId(session!.AccessKeyId, accessKeyId))
        {
            return SessionTokenErrors.Invalid;
        }

        if (_time.GetUtcNow() >= session.Expiration)
        {
            return SessionTokenErrors.Expired;
        }

        if (_revocations?.FindRevocation(session) is { } revoked)
        {
            return revoked;
        }

        return session;
    }

    /// <summary>Decrypts a token of an epoch this thread has not met: derives the epoch key, and keeps the cipher only when the tag verified.</summary>
    private static bool TryOpenNewEpoch(byte[] ringKey, UInt128 salt, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> bytes, Span<byte> plaintext)
    {
        Span<byte> epochKey = stackalloc byte[32];
        TokenKeyDerivation.Derive(ringKey, bytes.Slice(SaltOffset, SaltLength), epochKey);
        var cipher = new Aes256Gcm(epochKey);
        CryptographicOperations.ZeroMemory(epochKey);
        if (!cipher.TryDecrypt(nonce, bytes[HeaderLength..^TagLength], bytes[^TagLength..], plaintext, bytes[..HeaderLength]))
        {
            cipher.Dispose();
            return false;
        }

        TokenCipherCache.Add(ringKey, salt, cipher);
        return true;
    }

    /// <summary>The GCM nonce of a token: four zero bytes, then the header's 8-byte counter.</summary>
    private static void NonceOf(ReadOnlySpan<byte> token, Span<byte> nonce)
    {
        nonce[..4].Clear();
        token.Slice(CounterOffset, CounterLength).CopyTo(nonce[4..]);
    }

    /// <summary>The current epoch for the active ring key (starting a new one when the key changed or the counter ran out) and the token's counter.</summary>
    private (SealingEpoch Epoch, ulong Counter) NextNonce(uint keyId, byte[] ringKey)
    {
        while (true)
        {
            var epoch = Volatile.Read(ref _epoch);
            if (epoch is not null && epoch.KeyId == keyId && ReferenceEquals(epoch.RingKey, ringKey))
            {
                var counter = epoch.Next();
                if (counter < CounterLimit)
                {
                    return (epoch, counter);
                }
            }

            // Racing threads may each start an epoch; every epoch has its own salt, so each is safe to use.
            Interlocked.CompareExchange(ref _epoch, SealingEpoch.Start(keyId, ringKey), epoch);
        }
    }

    private static bool SameAccessKeyId(string sealedId, string presentedId) =>
        sealedId.Length == presentedId.Length
        && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(sealedId.AsSpan()), MemoryMarshal.AsBytes(presentedId.AsSpan()));

    /// <summary>
    /// True when the text is the one canonical unpadded Base64url spelling of its bytes: the length is not
    /// 1 modulo 4, and the bits of the last character that encode no byte are zero (so no two texts open the same token).
    /// </summary>
    private static bool IsCanonicalBase64UrlLength(string token)
    {
        var remainder = token.Length % 4;
        if (remainder == 1)
        {
            return false;
        }

        if (remainder == 0)
        {
            return true;
        }

        var last = token[^1];
        var value = last switch
        {
            >= 'A' and <= 'Z' => last - 'A',
            >= 'a' and <= 'z' => last - 'a' + 26,
            >= '0' and <= '9' => last - '0' + 52,
            '-' => 62,
            _ => 63,
        };
        var unusedBitsMask = remainder == 2 ? 0x0F : 0x03;
        return (value & unusedBitsMask) == 0;
    }

    /// <summary>One sealing epoch: a ring key, a random salt, the key derived from both, and the nonce counter.</summary>
    private sealed class SealingEpoch
    {
        private long _counter;

        private SealingEpoch(uint keyId, byte[] ringKey, UInt128 salt, byte[] key, ulong start)
        {
            KeyId = keyId;
            RingKey = ringKey;
            Salt = salt;
            Key = key;
            _counter = (long)start;
        }

        public uint KeyId { get; }

        public byte[] RingKey { get; }

        public UInt128 Salt { get; }

        /// <summary>The epoch key; kept for the life of the epoch so each thread can key its own cipher.</summary>
        public byte[] Key { get; }

        public static SealingEpoch Start(uint keyId, byte[] ringKey)
        {
            Span<byte> random = stackalloc byte[SaltLength + CounterLength];
            RandomNumberGenerator.Fill(random);
            var key = new byte[32];
            TokenKeyDerivation.Derive(ringKey, random[..SaltLength], key);
            var start = BinaryPrimitives.ReadUInt64BigEndian(random[SaltLength..]) % CounterStartLimit;
            return new SealingEpoch(keyId, ringKey, BinaryPrimitives.ReadUInt128BigEndian(random[..SaltLength]), key, start);
        }

        /// <summary>The next counter value; unique within the epoch (the caller refuses values from <see cref="CounterLimit"/> on).</summary>
        public ulong Next() => (ulong)Interlocked.Increment(ref _counter);
    }
}
