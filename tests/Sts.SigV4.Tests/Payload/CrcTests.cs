using System.IO.Compression;
using System.Text;

namespace Sts.SigV4.Tests.Payload;

/// <summary>The table-driven CRCs against their standard check values and an independent CRC-32.</summary>
public sealed class CrcTests
{
    private static readonly byte[] Check = Encoding.ASCII.GetBytes("123456789");

    [Test]
    public void Crc32_CheckString_IsCbf43926() =>
        Assert.That(~Crc.UpdateCrc32(uint.MaxValue, Check), Is.EqualTo(0xCBF43926u));

    [Test]
    public void Crc32C_CheckString_IsE3069283() =>
        Assert.That(~Crc.UpdateCrc32C(uint.MaxValue, Check), Is.EqualTo(0xE3069283u));

    [Test]
    public void Crc64Nvme_CheckString_IsAe8b14860a799888() =>
        Assert.That(~Crc.UpdateCrc64Nvme(ulong.MaxValue, Check), Is.EqualTo(0xAE8B14860A799888ul));

    [Test]
    public void Crc32C_S3TrailerExample_IsSOO8Q() =>
        Assert.That(Checksums.Base64("x-amz-checksum-crc32c", Enumerable.Repeat((byte)'a', 66560).ToArray()), Is.EqualTo("sOO8/Q=="));

    [Test]
    public void Crc32_InPieces_EqualsGzipTrailerCrc()
    {
        byte[] data = ChunkedPayloadTests.Bytes(100_003);
        uint state = uint.MaxValue;
        for (int offset = 0; offset < data.Length; offset += 7919)
        {
            state = Crc.UpdateCrc32(state, data.AsSpan(offset, Math.Min(7919, data.Length - offset)));
        }

        var gzip = new MemoryStream();
        using (var writer = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            writer.Write(data);
        }

        byte[] bytes = gzip.ToArray();
        uint gzipCrc = BitConverter.ToUInt32(bytes, bytes.Length - 8); // RFC 1952 trailer: CRC-32 little-endian, then size
        Assert.That(~state, Is.EqualTo(gzipCrc));
    }
}
