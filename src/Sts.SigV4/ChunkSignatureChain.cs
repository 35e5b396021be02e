using System.Security.Cryptography;
using System.Text;

namespace Sts.SigV4;

/// <summary>
/// The chain of chunk signatures of an <c>aws-chunked</c> body: each chunk's string to sign names the
/// previous signature, starting from the seed (request) signature; the trailer signature closes it.
/// </summary>
internal sealed class ChunkSignatureChain : IDisposable
{
    private const int MaxSignatureHex = 144;

    private readonly IncrementalHash? _hmac;
    private readonly ECDsa? _publicKey;
    private readonly byte[] _chunkPrefix;
    private readonly byte[] _trailerPrefix;
    private readonly byte[] _previous = new byte[MaxSignatureHex];
    private int _previousLength;

    private ChunkSignatureChain(byte[]? signingKey, ECDsa? publicKey, string algorithm, DateTimeOffset time, string scope, ReadOnlySpan<char> seedSignatureHex)
    {
        _hmac = signingKey is null ? null : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);
        _publicKey = publicKey;
        _chunkPrefix = Prefix(algorithm + "-PAYLOAD", time, scope);
        _trailerPrefix = Prefix(algorithm + "-TRAILER", time, scope);
        for (int i = 0; i < seedSignatureHex.Length; i++)
        {
            _previous[i] = (byte)seedSignatureHex[i];
        }

        _previousLength = seedSignatureHex.Length;
    }

    /// <summary>True for SigV4A chains, whose chunk signatures are DER hex right-padded with <c>*</c>.</summary>
    public bool IsEcdsa => _publicKey is not null;

    public static ChunkSignatureChain ForHmac(byte[] signingKey, DateTimeOffset time, string scope, ReadOnlySpan<char> seedSignatureHex) =>
        new(signingKey, null, "AWS4-HMAC-SHA256", time, scope, seedSignatureHex);

    public static ChunkSignatureChain ForEcdsa(ECDsa publicKey, DateTimeOffset time, string scope, ReadOnlySpan<char> seedSignatureHex) =>
        new(null, publicKey, "AWS4-ECDSA-P256-SHA256", time, scope, seedSignatureHex);

    /// <summary>Checks one chunk's signature (hex, padding already removed) and advances the chain.</summary>
    public bool VerifyChunk(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureHex)
    {
        Span<byte> dataHash = stackalloc byte[SigV4Crypto.HashSize];
        SigV4Crypto.Sha256(data, dataHash);
        int length = _chunkPrefix.Length + _previousLength + 1 + SigV4Crypto.HexHashSize + 1 + SigV4Crypto.HexHashSize;
        Span<byte> stringToSign = length <= 2048 ? stackalloc byte[length] : new byte[length];
        int position = WritePrefixAndPrevious(_chunkPrefix, stringToSign);
        SigV4Crypto.EmptyHashHex.CopyTo(stringToSign[position..]);
        position += SigV4Crypto.HexHashSize;
        stringToSign[position++] = (byte)'\n';
        Hex.WriteLower(dataHash, stringToSign[position..]);
        return CheckAndAdvance(stringToSign, signatureHex);
    }

    /// <summary>Checks the trailer signature over the canonical trailer lines (<c>name:value\n</c> each).</summary>
    public bool VerifyTrailer(ReadOnlySpan<byte> canonicalTrailers, ReadOnlySpan<byte> signatureHex)
    {
        Span<byte> trailerHash = stackalloc byte[SigV4Crypto.HashSize];
        SHA256.HashData(canonicalTrailers, trailerHash);
        int length = _trailerPrefix.Length + _previousLength + 1 + SigV4Crypto.HexHashSize;
        Span<byte> stringToSign = length <= 2048 ? stackalloc byte[length] : new byte[length];
        int position = WritePrefixAndPrevious(_trailerPrefix, stringToSign);
        Hex.WriteLower(trailerHash, stringToSign[position..]);
        return CheckAndAdvance(stringToSign, signatureHex);
    }

    private int WritePrefixAndPrevious(byte[] prefix, Span<byte> destination)
    {
        prefix.CopyTo(destination);
        int position = prefix.Length;
        _previous.AsSpan(0, _previousLength).CopyTo(destination[position..]);
        position += _previousLength;
        destination[position++] = (byte)'\n';
        return position;
    }

    private bool CheckAndAdvance(ReadOnlySpan<byte> stringToSign, ReadOnlySpan<byte> signatureHex)
    {
        if (signatureHex.Length > MaxSignatureHex)
        {
            return false;
        }

        bool valid;
        if (_hmac is not null)
        {
            Span<byte> expected = stackalloc byte[SigV4Crypto.HashSize];
            Span<byte> given = stackalloc byte[SigV4Crypto.HashSize];
            _hmac.AppendData(stringToSign);
            _hmac.GetHashAndReset(expected);
            valid = signatureHex.Length == SigV4Crypto.HexHashSize
                && Hex.TryDecodeLower(signatureHex, given, out _)
                && SigV4Crypto.FixedTimeEquals(expected, given);
        }
        else
        {
            Span<byte> der = stackalloc byte[MaxSignatureHex / 2];
            valid = Hex.TryDecodeLower(signatureHex, der, out int derLength)
                && _publicKey!.VerifyData(stringToSign, der[..derLength], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }

        if (valid)
        {
            signatureHex.CopyTo(_previous);
            _previousLength = signatureHex.Length;
        }

        return valid;
    }

    public void Dispose() => _hmac?.Dispose();

    private static byte[] Prefix(string algorithm, DateTimeOffset time, string scope)
    {
        var text = new StringBuilder();
        text.Append(algorithm).Append('\n');
        Span<byte> date = stackalloc byte[16];
        SigV4Crypto.WriteAmzDate(time, date);
        text.Append(Encoding.ASCII.GetString(date)).Append('\n').Append(scope).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
