using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sts.SigV4.Tests.Payload;

/// <summary>Base64 trailer values; CRCs through the library's tables (checked against standard vectors in CrcTests).</summary>
internal static class Checksums
{
    public static string Base64(string algorithm, byte[] data)
    {
        byte[] value = algorithm switch
        {
            "x-amz-checksum-crc32" => BigEndian(~Crc.UpdateCrc32(uint.MaxValue, data)),
            "x-amz-checksum-crc32c" => BigEndian(~Crc.UpdateCrc32C(uint.MaxValue, data)),
            "x-amz-checksum-crc64nvme" => BigEndian64(~Crc.UpdateCrc64Nvme(ulong.MaxValue, data)),
#pragma warning disable CA5350 // x-amz-checksum-sha1 is an S3-defined integrity checksum, not a security use
            "x-amz-checksum-sha1" => SHA1.HashData(data),
#pragma warning restore CA5350
            "x-amz-checksum-sha256" => SHA256.HashData(data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return Convert.ToBase64String(value);
    }

    private static byte[] BigEndian(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian64(ulong value)
    {
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
