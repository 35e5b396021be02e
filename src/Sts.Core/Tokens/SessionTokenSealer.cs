using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Sts.Core.Tokens;

/// <summary>
/// Seals a <see cref="SessionState"/> into a session token and opens it again, statelessly: any node holding
/// the <see cref="SessionKeyRing"/> rebuilds the session from the token alone.
/// </summary>
/// <remarks>
/// <para>Format (version 1), Base64url without padding:
/// <c>version (1 byte, 0x01) ‖ key id (4 bytes, big-endian) ‖ salt (24 random bytes) ‖ ciphertext ‖ GCM tag (16 bytes)</c>.
/// The plaintext is the compact encoding of <see cref="SessionTokenCodec"/>. The whole 29-byte header
/// (version, key id, salt) is the associated data, so none of it can be changed or swapped.</para>
/// <para>Keys and nonces: every token gets its own AES-256-GCM key,
/// <c>HKDF-Expand-SHA256(PRK = ring key, info = "sts-session-token-v1" ‖ the token's salt, L = 32)</c>
/// (<see cref="TokenKeyDerivation"/>: the extract step is skipped as RFC 5869 §3.3 allows for uniformly random
/// ring keys, and the salt goes into info), and uses it
/// for exactly one encryption, so the fixed all-zero 96-bit nonce is never reused under one key. The usual
/// GCM limit (about 2^32 messages per key with random 96-bit nonces) does not apply: safety rests on the
/// per-token keys being distinct, and with 192-bit random salts the chance that any two of n tokens share a
/// salt is at most n²/2^193, about 2^-113 for n = 2^40 tokens under one ring key (and HKDF output
/// collisions for distinct salts are as unlikely). Ring keys can therefore seal far beyond 2^40 tokens.</para>
/// <para>Opening checks, in order: length cap and Base64url alphabet (before any decoding or crypto),
/// version and key id, authentication tag, payload structure, the request's access key id (constant time),
/// expiry, and revocation. Every failure before expiry is <c>InvalidClientTokenId</c>, saying nothing about
/// which check failed.</para>
/// </remarks>
public sealed class SessionTokenSealer
{
    /// <summary>The only format version sealed and opened.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The longest token text accepted by <see cref="Open"/>; longer tokens are refused before decoding.</summary>
    public const int MaxTokenLength = 16 * 1024;

    internal const int KeyIdLength = 4;
    internal const int SaltLength = 24;
    internal const int HeaderLength = 1 + KeyIdLength + SaltLength;
    internal const int TagLength = 16;

    private const int NonceLength = 12;
    private const int StackThreshold = 1024;

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly SessionKeyRing _keyRing;
    private readonly TimeProvider _time;
    private readonly SessionRevocationList? _revocations;

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
        var token = rented is null ? stackalloc byte[StackThreshold] : rented;
        token = token[..total];
        try
        {
            token[0] = FormatVersion;
            BinaryPrimitives.WriteUInt32BigEndian(token[1..], snapshot.ActiveId);
            RandomPool.Fill(token.Slice(1 + KeyIdLength, SaltLength));
            var header = token[..HeaderLength];
            Span<byte> tokenKey = stackalloc byte[32];
            TokenKeyDerivation.Derive(ringKey, header.Slice(1 + KeyIdLength, SaltLength), tokenKey);
            using (var aes = new AesGcm(tokenKey, TagLength))
            {
                Span<byte> nonce = stackalloc byte[NonceLength];
                nonce.Clear();
                aes.Encrypt(nonce, plaintext, token.Slice(HeaderLength, plaintext.Length), token[^TagLength..], header);
            }

            CryptographicOperations.ZeroMemory(tokenKey);
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
    /// or retired key, or belongs to another access key id; <c>ExpiredToken</c> (400) when the session has expired;
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
        var work = rented is null ? stackalloc byte[StackThreshold * 2] : rented;
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
                // The plaintext (with the session's secret) was decrypted onto the stack.
                CryptographicOperations.ZeroMemory(work[..(2 * byteLength)]);
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
        Span<byte> tokenKey = stackalloc byte[32];
        TokenKeyDerivation.Derive(ringKey, header.Slice(1 + KeyIdLength, SaltLength), tokenKey);
        try
        {
            using var aes = new AesGcm(tokenKey, TagLength);
            Span<byte> nonce = stackalloc byte[NonceLength];
            nonce.Clear();
            aes.Decrypt(nonce, bytes[HeaderLength..^TagLength], bytes[^TagLength..], plaintext, header);
        }
        catch (CryptographicException)
        {
            return SessionTokenErrors.Invalid;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tokenKey);
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
}
