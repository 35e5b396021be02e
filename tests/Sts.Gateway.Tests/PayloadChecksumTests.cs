using System.Text;

namespace Sts.Gateway.Tests;

/// <summary>The checksums against their published check values (CRC catalogue: the CRC of "123456789").</summary>
public sealed class PayloadChecksumTests
{
    [TestCase("x-amz-checksum-crc32", "CBF43926")]
    [TestCase("x-amz-checksum-crc32c", "E3069283")]
    [TestCase("x-amz-checksum-crc64nvme", "AE8B14860A799888")]
    [TestCase("x-amz-checksum-sha1", "F7C3BC1D808E04732ADF679965CCC34CA7AE3441")]
    [TestCase("x-amz-checksum-sha256", "15E2B0D3C33891EBB0F1EF609EC419420C20E320CE94C65FBC8C3312448EB225")]
    public void Verify_CheckValueOf123456789_MatchesAndADifferentBodyIsBadDigest(string header, string checkValueHex)
    {
        var expected = Convert.ToBase64String(Convert.FromHexString(checkValueHex));
        var good = PayloadChecksum.FromHeaders([new(header, expected)]).Value!;
        good.Append(Encoding.ASCII.GetBytes("1234"));
        good.Append(Encoding.ASCII.GetBytes("56789"));
        var bad = PayloadChecksum.FromHeaders([new(header, expected)]).Value!;
        bad.Append(Encoding.ASCII.GetBytes("123456780"));

        Assert.That(good.Verify(), Is.Null);
        Assert.That(bad.Verify()!.Code, Is.EqualTo("BadDigest"));
        Assert.That(bad.Verify()!.HttpStatus, Is.EqualTo(400));
    }

    [TestCase("x-amz-checksum-crc32", "not base64")]
    [TestCase("x-amz-checksum-sha256", "AAAAAA==")]
    public void FromHeaders_MalformedValue_IsInvalidRequest(string header, string value) =>
        Assert.That(PayloadChecksum.FromHeaders([new(header, value)]).Error!.Code, Is.EqualTo("InvalidRequest"));

    [Test]
    public void FromHeaders_NoChecksumHeader_IsNone() =>
        Assert.That(PayloadChecksum.FromHeaders([new("x-amz-sdk-checksum-algorithm", "CRC32")]).Value, Is.Null);
}
