using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sts.SigV4;

/// <summary>Running checksum of decoded body data for <c>x-amz-checksum-*</c> trailers.</summary>
internal sealed class TrailingChecksum : IDisposable
{
    private readonly Kind _kind;
    private readonly IncrementalHash? _hash;
    private uint _crc32 = uint.MaxValue;
    private ulong _crc64 = ulong.MaxValue;

    private TrailingChecksum(Kind kind, string headerName)
    {
        _kind = kind;
        HeaderName = headerName;
        _hash = kind switch
        {
            Kind.Sha1 => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
            Kind.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => null,
        };
    }

    private enum Kind
    {
        Crc32,
        Crc32C,
        Crc64Nvme,
        Sha1,
        Sha256,
    }

    /// <summary>The lower-case trailer name, for example <c>x-amz-checksum-crc32c</c>.</summary>
    public string HeaderName { get; }

    /// <summary>Creates the checksum named by an <c>x-amz-trailer</c> value; null when unsupported.</summary>
    public static TrailingChecksum? TryCreate(ReadOnlySpan<char> trailerName)
    {
        trailerName = trailerName.Trim();
        if (trailerName.Equals("x-amz-checksum-crc32", StringComparison.OrdinalIgnoreCase))
        {
            return new TrailingChecksum(Kind.Crc32, "x-amz-checksum-crc32");
        }

        if (trailerName.Equals("x-amz-checksum-crc32c", StringComparison.OrdinalIgnoreCase))
        {
            return new TrailingChecksum(Kind.Crc32C, "x-amz-checksum-crc32c");
        }

        if (trailerName.Equals("x-amz-checksum-crc64nvme", StringComparison.OrdinalIgnoreCase))
        {
            return new TrailingChecksum(Kind.Crc64Nvme, "x-amz-checksum-crc64nvme");
        }

        if (trailerName.Equals("x-amz-checksum-sha1", StringComparison.OrdinalIgnoreCase))
        {
            return new TrailingChecksum(Kind.Sha1, "x-amz-checksum-sha1");
        }

        if (trailerName.Equals("x-amz-checksum-sha256", StringComparison.OrdinalIgnoreCase))
        {
            return new TrailingChecksum(Kind.Sha256, "x-amz-checksum-sha256");
        }

        return null;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        switch (_kind)
        {
            case Kind.Crc32:
                _crc32 = Crc.UpdateCrc32(_crc32, data);
                break;
            case Kind.Crc32C:
                _crc32 = Crc.UpdateCrc32C(_crc32, data);
                break;
            case Kind.Crc64Nvme:
                _crc64 = Crc.UpdateCrc64Nvme(_crc64, data);
                break;
            default:
                _hash!.AppendData(data);
                break;
        }
    }

    /// <summary>Compares the running checksum with a Base64 trailer value, in fixed time.</summary>
    public bool Matches(ReadOnlySpan<char> base64)
    {
        Span<byte> actual = stackalloc byte[32];
        int length;
        switch (_kind)
        {
            case Kind.Crc32:
            case Kind.Crc32C:
                BinaryPrimitives.WriteUInt32BigEndian(actual, ~_crc32);
                length = 4;
                break;
            case Kind.Crc64Nvme:
                BinaryPrimitives.WriteUInt64BigEndian(actual, ~_crc64);
                length = 8;
                break;
            default:
                length = _hash!.GetHashAndReset(actual);
                break;
        }

        Span<byte> expected = stackalloc byte[48];
        if (!Convert.TryFromBase64Chars(base64.Trim(), expected, out int expectedLength) || expectedLength != length)
        {
            return false;
        }

        return SigV4Crypto.FixedTimeEquals(actual[..length], expected[..length]);
    }

    public void Dispose() => _hash?.Dispose();
}
