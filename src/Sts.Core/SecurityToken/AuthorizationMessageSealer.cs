using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Sts.Core.Tokens;

namespace Sts.Core.SecurityToken;

/// <summary>
/// Seals the explanation of a denied request into the opaque "encoded authorization message" that AWS returns with
/// some denials, and opens it for <c>DecodeAuthorizationMessage</c>. Same construction as session tokens
/// (<see cref="SessionTokenSealer"/>: version ‖ key id ‖ 24-byte salt ‖ AES-256-GCM ciphertext ‖ tag, per-message key
/// from the ring key) but under its own HKDF label, so a session token never opens as a message or the reverse.
/// </summary>
public sealed class AuthorizationMessageSealer
{
    /// <summary>The longest encoded message <c>DecodeAuthorizationMessage</c> accepts (AWS model).</summary>
    public const int MaxEncodedLength = 10240;

    private const byte Version = 1;
    private const int SaltLength = 24;
    private const int HeaderLength = 1 + 4 + SaltLength;
    private const int TagLength = SessionTokenSealer.TagLength;

    private readonly SessionKeyRing _keyRing;

    /// <summary>Creates a sealer over the session key ring.</summary>
    /// <param name="keyRing">The key ring; the active key seals.</param>
    public AuthorizationMessageSealer(SessionKeyRing keyRing)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        _keyRing = keyRing;
    }

    /// <summary>Seals a decoded message (the JSON <c>DecodeAuthorizationMessage</c> returns).</summary>
    /// <param name="decodedMessage">The JSON text.</param>
    /// <returns>The encoded message (Base64url).</returns>
    /// <exception cref="ArgumentException">The encoded message would exceed <see cref="MaxEncodedLength"/>.</exception>
    public string Seal(string decodedMessage)
    {
        ArgumentNullException.ThrowIfNull(decodedMessage);
        var plaintext = Encoding.UTF8.GetBytes(decodedMessage);
        var total = HeaderLength + plaintext.Length + TagLength;
        if (Base64Url.GetEncodedLength(total) > MaxEncodedLength)
        {
            throw new ArgumentException($"The message would encode to more than {MaxEncodedLength} characters.", nameof(decodedMessage));
        }

        var snapshot = _keyRing.Current;
        var ringKey = snapshot.KeyFor(snapshot.ActiveId) ?? throw new InvalidOperationException("The session key ring has no key.");
        var bytes = new byte[total];
        bytes[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), snapshot.ActiveId);
        RandomNumberGenerator.Fill(bytes.AsSpan(5, SaltLength));
        Span<byte> key = stackalloc byte[32];
        TokenKeyDerivation.Derive(ringKey, TokenKeyDerivation.AuthorizationMessageInfo, bytes.AsSpan(5, SaltLength), key);
        using (var aes = new AesGcm(key, TagLength))
        {
            aes.Encrypt(stackalloc byte[12], plaintext, bytes.AsSpan(HeaderLength, plaintext.Length), bytes.AsSpan(total - TagLength), bytes.AsSpan(0, HeaderLength));
        }

        CryptographicOperations.ZeroMemory(key);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Opens an encoded message.</summary>
    /// <param name="encodedMessage">The encoded message.</param>
    /// <returns>The decoded JSON, or <c>InvalidAuthorizationMessageException</c> (400) when the message is malformed, altered or sealed under an unknown key.</returns>
    public StsResult<string> Open(string? encodedMessage)
    {
        if (encodedMessage is null || encodedMessage.Length > MaxEncodedLength
            || encodedMessage.Length < Base64Url.GetEncodedLength(HeaderLength + TagLength)
            || encodedMessage.AsSpan().ContainsAnyExcept(StsValidator.Base64UrlChars))
        {
            return StsErrors.InvalidAuthorizationMessage();
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(encodedMessage.Length)];
        if (Base64Url.DecodeFromChars(encodedMessage, bytes, out var consumed, out var written) != OperationStatus.Done
            || consumed != encodedMessage.Length || written < HeaderLength + TagLength || bytes[0] != Version)
        {
            return StsErrors.InvalidAuthorizationMessage();
        }

        var ringKey = _keyRing.Current.KeyFor(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        if (ringKey is null)
        {
            return StsErrors.InvalidAuthorizationMessage();
        }

        var sealedBytes = bytes.AsSpan(0, written);
        var plaintext = new byte[written - HeaderLength - TagLength];
        Span<byte> key = stackalloc byte[32];
        TokenKeyDerivation.Derive(ringKey, TokenKeyDerivation.AuthorizationMessageInfo, sealedBytes.Slice(5, SaltLength), key);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(stackalloc byte[12], sealedBytes[HeaderLength..^TagLength], sealedBytes[^TagLength..], plaintext, sealedBytes[..HeaderLength]);
            return new UTF8Encoding(false, true).GetString(plaintext);
        }
        catch (CryptographicException)
        {
            return StsErrors.InvalidAuthorizationMessage();
        }
        catch (DecoderFallbackException)
        {
            return StsErrors.InvalidAuthorizationMessage();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
