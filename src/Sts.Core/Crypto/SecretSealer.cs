using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sts.Core.Crypto;

/// <summary>
/// Seals secrets for storage with AES-256-GCM under a host-supplied key. The sealed form is
/// <c>format(1) | keyIdLength(1) | keyId | nonce(12) | tag(16) | ciphertext</c>; the associated data binds
/// the format, the key id and the record key, so a sealed secret moved to another record does not open.
/// </summary>
internal sealed class SecretSealer
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly string _activeKeyId;
    private readonly Dictionary<string, byte[]> _keys;

    public SecretSealer(string activeKeyId, ReadOnlySpan<byte> activeKey, IReadOnlyDictionary<string, byte[]>? previousKeys = null)
    {
        ValidateKey(activeKeyId, activeKey);
        _activeKeyId = activeKeyId;
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [activeKeyId] = activeKey.ToArray() };
        foreach (var (id, key) in previousKeys ?? new Dictionary<string, byte[]>())
        {
            ValidateKey(id, key);
            _keys.TryAdd(id, key.ToArray());
        }
    }

    public byte[] Seal(string secret, string recordKey)
    {
        var keyId = Encoding.UTF8.GetBytes(_activeKeyId);
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var header = 2 + keyId.Length;
        var sealedBytes = new byte[header + NonceSize + TagSize + plaintext.Length];
        sealedBytes[0] = FormatVersion;
        sealedBytes[1] = (byte)keyId.Length;
        keyId.CopyTo(sealedBytes, 2);
        var nonce = sealedBytes.AsSpan(header, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(header + NonceSize + TagSize), sealedBytes.AsSpan(header + NonceSize, TagSize), AssociatedData(sealedBytes.AsSpan(0, header), recordKey));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedBytes;
    }

    /// <exception cref="CryptographicException">The sealed secret is corrupt, was moved to another record, or its key is unknown.</exception>
    public string Open(ReadOnlySpan<byte> sealedBytes, string recordKey)
    {
        if (sealedBytes.Length < 2 || sealedBytes[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown sealed secret format.");
        }

        var header = 2 + sealedBytes[1];
        if (sealedBytes.Length < header + NonceSize + TagSize)
        {
            throw new CryptographicException("Truncated sealed secret.");
        }

        var keyId = Encoding.UTF8.GetString(sealedBytes[2..header]);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"No secret key with id '{keyId}' is configured.");
        }

        var plaintext = new byte[sealedBytes.Length - header - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.Slice(header, NonceSize), sealedBytes[(header + NonceSize + TagSize)..], sealedBytes.Slice(header + NonceSize, TagSize), plaintext, AssociatedData(sealedBytes[..header], recordKey));
        var secret = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return secret;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string recordKey)
    {
        var key = Encoding.UTF8.GetBytes(recordKey);
        var data = new byte[header.Length + 4 + key.Length];
        header.CopyTo(data);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(header.Length), key.Length);
        key.CopyTo(data, header.Length + 4);
        return data;
    }

    private static void ValidateKey(string keyId, ReadOnlySpan<byte> key)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (Encoding.UTF8.GetByteCount(keyId) > 255)
        {
            throw new ArgumentException("A secret key id is at most 255 bytes.", nameof(keyId));
        }

        if (key.Length != 32)
        {
            throw new ArgumentException($"The secret key '{keyId}' must be 32 bytes, not {key.Length}.", nameof(key));
        }
    }
}
