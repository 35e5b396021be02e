using System.Buffers.Binary;
using System.Security.Cryptography;
using Sts.Core;

namespace Sts.Gateway;

/// <summary>
/// A flexible checksum sent as a header (<c>x-amz-checksum-crc32|crc32c|crc64nvme|sha1|sha256</c>, Base64), computed
/// over the stored bytes as they stream and compared at the end: a mismatch is <c>BadDigest</c>. (Trailing checksums
/// of aws-chunked bodies are checked by the SigV4 verifier's body stream instead.)
/// </summary>
internal sealed class PayloadChecksum
{
    private static readonly uint[] Crc32Table = Table32(0xEDB88320u);
    private static readonly uint[] Crc32CTable = Table32(0x82F63B78u);
    private static readonly ulong[] Crc64NvmeTable = Table64(0x9A6C9329AC4BC9B5ul);

    private readonly string _algorithm;
    private readonly byte[] _expected;
    private readonly IncrementalHash? _hash;
    private ulong _crc;
    private byte[]? _computed;

    private PayloadChecksum(string algorithm, byte[] expected)
    {
        _algorithm = algorithm;
        _expected = expected;
        _crc = algorithm == "crc64nvme" ? ulong.MaxValue : uint.MaxValue;
        _hash = algorithm switch
        {
            "sha1" => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
            "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => null,
        };
    }

    public string HeaderName => "x-amz-checksum-" + _algorithm;

    /// <summary>The checksum a request asks for, none, or <c>InvalidRequest</c> for a malformed value.</summary>
    public static StsResult<PayloadChecksum?> FromHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            if (!name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var algorithm = name["x-amz-checksum-".Length..].ToLowerInvariant();
            var length = algorithm switch
            {
                "crc32" or "crc32c" => 4,
                "crc64nvme" => 8,
                "sha1" => 20,
                "sha256" => 32,
                _ => 0,
            };
            if (length == 0)
            {
                continue;
            }

            byte[] expected;
            try
            {
                expected = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                expected = [];
            }

            if (expected.Length != length)
            {
                return new StsError("InvalidRequest", $"Value for {name.ToLowerInvariant()} header is invalid.", 400);
            }

            return new PayloadChecksum(algorithm, expected);
        }

        return StsResult<PayloadChecksum?>.Success(null);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_hash is not null)
        {
            _hash.AppendData(data);
            return;
        }

        var crc = _crc;
        switch (_algorithm)
        {
            case "crc32":
                foreach (var b in data)
                {
                    crc = (crc >> 8) ^ Crc32Table[(crc ^ b) & 0xFF];
                }

                break;
            case "crc32c":
                foreach (var b in data)
                {
                    crc = (crc >> 8) ^ Crc32CTable[(crc ^ b) & 0xFF];
                }

                break;
            default:
                foreach (var b in data)
                {
                    crc = (crc >> 8) ^ Crc64NvmeTable[(crc ^ b) & 0xFF];
                }

                break;
        }

        _crc = crc;
    }

    /// <summary>The checksum of everything appended, as S3 writes it (big-endian, Base64 on the wire).</summary>
    public byte[] Compute() => _computed ??= ComputeOnce();

    private byte[] ComputeOnce()
    {
        if (_hash is not null)
        {
            return _hash.GetHashAndReset();
        }

        if (_algorithm == "crc64nvme")
        {
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(value, ~_crc);
            return value;
        }

        var crc32 = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc32, (uint)~_crc);
        return crc32;
    }

    /// <summary>Null when the appended bytes match the header, else <c>BadDigest</c>.</summary>
    public StsError? Verify() => CryptographicOperations.FixedTimeEquals(Compute(), _expected)
        ? null
        : new StsError("BadDigest", $"The {_algorithm.ToUpperInvariant()} you specified did not match the calculated checksum.", 400);

    private static uint[] Table32(uint polynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }

    private static ulong[] Table64(ulong polynomial)
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
