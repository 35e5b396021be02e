using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Payload;

/// <summary>SigV4A streaming uploads: ECDSA chunk signatures, right-padded with '*' to 144 characters, chained unpadded.</summary>
public sealed class SigV4AChunkedTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Scope = "20240601/s3/aws4_request";

    private static ECDsa PrivateKey() =>
        ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = SigV4AKeys.DerivePrivateKey(TestSigner.AccessKeyId, TestSigner.Secret) });

    private static string Sign(ECDsa key, string stringToSign) =>
        Convert.ToHexStringLower(key.SignData(Encoding.UTF8.GetBytes(stringToSign), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private static (SigV4Request Request, byte[] Data) Upload(bool tamper)
    {
        using ECDsa key = PrivateKey();
        const string Mode = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
        byte[] data = ChunkedPayloadTests.Bytes(20000);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "bucket.s3.amazonaws.com"),
            new("x-amz-content-sha256", Mode),
            new("x-amz-date", "20240601T120000Z"),
            new("x-amz-decoded-content-length", "20000"),
            new("x-amz-region-set", "us-east-1"),
        };
        string signed = SuiteSigner.SignedList(headers);
        string canonical = SuiteSigner.Canonical("PUT", "/key", "", headers, signed, Mode, normalize: false);
        string seed = Sign(key, $"AWS4-ECDSA-P256-SHA256\n20240601T120000Z\n{Scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}");
        headers.Add(new("Authorization", $"AWS4-ECDSA-P256-SHA256 Credential={TestSigner.AccessKeyId}/{Scope}, SignedHeaders={signed}, Signature={seed}"));

        var body = new MemoryStream();
        string previous = seed;
        foreach (byte[] chunk in new[] { data[..12000], data[12000..], [] })
        {
            previous = Sign(key, $"AWS4-ECDSA-P256-SHA256-PAYLOAD\n20240601T120000Z\n{Scope}\n{previous}\n{SigV4Crypto.EmptyHashHexString}\n{Convert.ToHexStringLower(SHA256.HashData(chunk))}");
            body.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x};chunk-signature={previous.PadRight(144, '*')}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
        }

        byte[] bytes = body.ToArray();
        if (tamper)
        {
            bytes[bytes.Length - 200] ^= 0x01;
        }

        return (new SigV4Request { Method = "PUT", RawPath = "/key", Headers = headers, Body = new MemoryStream(bytes) }, data);
    }

    private static SigV4Verifier Verifier() => new(new SigV4VerifierOptions(), TestSigner.Resolver(), new FakeTimeProvider(Now));

    [Test]
    public async Task Read_EcdsaSignedChunks_ReturnsDecodedData()
    {
        (SigV4Request request, byte[] data) = Upload(tamper: false);

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.Algorithm, Is.EqualTo(SigV4Algorithm.EcdsaP256Sha256));
        Assert.That(result.PayloadMode, Is.EqualTo(SigV4PayloadMode.StreamingSigned));
        Assert.That(await S3Example.ReadAll(result.Body!), Is.EqualTo(data));
    }

    [Test]
    public async Task Read_TamperedEcdsaChunk_ThrowsSignatureDoesNotMatch()
    {
        (SigV4Request request, _) = Upload(tamper: true);

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);
        SigV4Exception? thrown = Assert.ThrowsAsync<SigV4Exception>(() => S3Example.ReadAll(result.Body!));

        Assert.That(thrown!.Error.Code, Is.EqualTo(SigV4ErrorCode.SignatureDoesNotMatch));
    }

    [Test]
    public void DerivePrivateKey_DocumentedVectors_MatchSigV4Md()
    {
        Assert.That(Convert.ToHexStringLower(SigV4AKeys.DerivePrivateKey("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            Is.EqualTo("7efc8c0e65a324242818c5a50c891c6060b6a00717b7ba3cbe3c5d765be9259c"));
        Assert.That(Convert.ToHexStringLower(SigV4AKeys.DerivePrivateKey("AKISORANDOMAASORANDOM", "q+jcrXGc+0zWN6uzclKVhvMmUsIfRPa4rlRandom")),
            Is.EqualTo("7fd3bd010c0d9c292141c2b77bfbde1042c92e6836fff749d1269ec890fca1bd"));
        Assert.That(Convert.ToHexStringLower(SigV4AKeys.DerivePrivateKey("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")),
            Is.EqualTo("04c4d39191ae06f37a86b873d2f9951f7c37621d69e0eb834fb622c368f360c3"));
    }
}
