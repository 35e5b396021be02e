using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Verification;

/// <summary>The S3 API reference's worked examples, figures typed in from sigv4.md §4.</summary>
public sealed class S3DocumentationExampleTests
{
    private const string Host = "examplebucket.s3.amazonaws.com";
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(S3Example.Time);

    [Test]
    public void SigningKey_ForExampleScope_MatchesDocumentation()
    {
        byte[] key = new byte[32];
        SigV4Crypto.DeriveSigningKey(S3Example.Secret, "20130524", "us-east-1", "s3", key);

        Assert.That(Convert.ToHexStringLower(key), Is.EqualTo("dbb893acc010964918f1fd433add87c70e8b0db6be30c1fbeafefa5ec6ba8378"));
    }

    [Test]
    public async Task VerifyAsync_Example1GetObjectWithRange_Succeeds()
    {
        SigV4Request request = S3Example.Request("GET", "/test.txt", "", null,
            ("Host", Host), ("Range", "bytes=0-9"), ("x-amz-content-sha256", S3Example.EmptyHash), ("x-amz-date", "20130524T000000Z"),
            ("Authorization", S3Example.Authorization("host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")));

        SigV4VerificationResult result = await S3Example.Verifier(_time).VerifyAsync(request);

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.PayloadMode, Is.EqualTo(SigV4PayloadMode.SignedPayload));
        Assert.That(result.SignedHeaders, Is.EqualTo(new[] { "host", "range", "x-amz-content-sha256", "x-amz-date" }));
    }

    [Test]
    public async Task VerifyAsync_Example2PutObject_SucceedsAndBodyHashIsChecked()
    {
        byte[] body = Encoding.ASCII.GetBytes("Welcome to Amazon S3.");
        (string, string)[] headers =
        [
            ("Host", Host), ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"),
            ("Authorization", S3Example.Authorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")),
        ];

        SigV4VerificationResult result = await S3Example.Verifier(_time).VerifyAsync(S3Example.Request("PUT", "/test$file.text", "", body, headers));
        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(await S3Example.ReadAll(result.Body!), Is.EqualTo(body));

        byte[] tampered = Encoding.ASCII.GetBytes("Welcome to Amazon S4.");
        SigV4VerificationResult tamperedResult = await S3Example.Verifier(_time).VerifyAsync(S3Example.Request("PUT", "/test$file.text", "", tampered, headers));
        Assert.That(tamperedResult.IsSuccess, Is.True, "the headers still verify; the body is checked as it is read");
        SigV4Exception? thrown = Assert.ThrowsAsync<SigV4Exception>(() => S3Example.ReadAll(tamperedResult.Body!));
        Assert.That(thrown!.Error.AwsCode, Is.EqualTo("XAmzContentSHA256Mismatch"));
    }

    [Test]
    public async Task ReadBodyAsync_Example2Body_BuffersVerifiedBodyWithinLimit()
    {
        byte[] body = Encoding.ASCII.GetBytes("Welcome to Amazon S3.");
        SigV4Request Request(byte[] b) => S3Example.Request("PUT", "/test$file.text", "", b,
            ("Host", Host), ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"),
            ("Authorization", S3Example.Authorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")));

        SigV4VerificationResult ok = await S3Example.Verifier(_time).VerifyAsync(Request(body));
        SigV4VerificationResult tooSmallLimit = await S3Example.Verifier(_time).VerifyAsync(Request(body));
        SigV4VerificationResult tampered = await S3Example.Verifier(_time).VerifyAsync(Request(Encoding.ASCII.GetBytes("Welcome to Amazon S4.")));

        Assert.That(await ok.ReadBodyAsync(1024), Is.EqualTo(body));
        Assert.That(Assert.ThrowsAsync<SigV4Exception>(async () => await tooSmallLimit.ReadBodyAsync(10))!.Error.Code, Is.EqualTo(SigV4ErrorCode.RequestEntityTooLarge));
        Assert.That(Assert.ThrowsAsync<SigV4Exception>(async () => await tampered.ReadBodyAsync(1024))!.Error.Code, Is.EqualTo(SigV4ErrorCode.XAmzContentSHA256Mismatch));
    }

    [TestCase("lifecycle", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543", TestName = "VerifyAsync_Example3GetBucketLifecycle_Succeeds")]
    [TestCase("max-keys=2&prefix=J", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7", TestName = "VerifyAsync_Example4ListObjects_Succeeds")]
    public async Task VerifyAsync_BucketGetExamples_Succeed(string query, string signature)
    {
        SigV4Request request = S3Example.Request("GET", "/", query, null,
            ("Host", Host), ("x-amz-content-sha256", S3Example.EmptyHash), ("x-amz-date", "20130524T000000Z"),
            ("Authorization", S3Example.Authorization("host;x-amz-content-sha256;x-amz-date", signature)));

        SigV4VerificationResult result = await S3Example.Verifier(_time).VerifyAsync(request);

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
    }

    private const string PresignedQuery =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    [Test]
    public async Task VerifyAsync_Example5PresignedGet_SucceedsUntilExpiry()
    {
        SigV4Request request = S3Example.Request("GET", "/test.txt", PresignedQuery, null, ("Host", Host));

        SigV4VerificationResult fresh = await S3Example.Verifier(_time).VerifyAsync(request);
        Assert.That(fresh.IsSuccess, Is.True, () => fresh.Error?.ToString() ?? "");
        Assert.That(fresh.AuthType, Is.EqualTo(SigV4AuthType.Query));
        Assert.That(fresh.PayloadMode, Is.EqualTo(SigV4PayloadMode.UnsignedPayload));

        _time.Advance(TimeSpan.FromSeconds(86400));
        SigV4VerificationResult lastSecond = await S3Example.Verifier(_time).VerifyAsync(S3Example.Request("GET", "/test.txt", PresignedQuery, null, ("Host", Host)));
        Assert.That(lastSecond.IsSuccess, Is.True, "valid through X-Amz-Date + X-Amz-Expires");

        _time.Advance(TimeSpan.FromSeconds(1));
        SigV4VerificationResult expired = await S3Example.Verifier(_time).VerifyAsync(S3Example.Request("GET", "/test.txt", PresignedQuery, null, ("Host", Host)));
        Assert.That(expired.Error?.AwsCode, Is.EqualTo("AccessDenied"));
        Assert.That(expired.Error?.Message, Is.EqualTo("Request has expired"));
        Assert.That(expired.Error?.HttpStatus, Is.EqualTo(403));
    }

    internal static (string, string)[] ChunkedHeaders(string seed) =>
    [
        ("Host", "s3.amazonaws.com"), ("x-amz-date", "20130524T000000Z"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ("Authorization", S3Example.Authorization(
            "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class", seed)),
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), ("Content-Encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "66560"), ("Content-Length", "66824"),
    ];

    internal const string Seed6 = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    internal const string Chunk6A = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    internal const string Chunk6B = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    internal const string Chunk6Final = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

    [Test]
    public async Task VerifyAsync_Example6ChunkedUpload_VerifiesEveryChunk()
    {
        byte[] body = S3Example.ChunkedBody(Chunk6A, Chunk6B, Chunk6Final);
        Assert.That(body, Has.Length.EqualTo(66824), "the documented Content-Length");

        SigV4VerificationResult result = await S3Example.Verifier(_time).VerifyAsync(
            S3Example.Request("PUT", "/examplebucket/chunkObject.txt", "", body, ChunkedHeaders(Seed6)));

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.PayloadMode, Is.EqualTo(SigV4PayloadMode.StreamingSigned));
        byte[] decoded = await S3Example.ReadAll(result.Body!);
        Assert.That(decoded, Has.Length.EqualTo(66560));
        Assert.That(decoded.All(b => b == 'a'), Is.True);
    }

    [Test]
    public async Task VerifyAsync_Example7ChunkedUploadWithTrailer_VerifiesChunksChecksumAndTrailerSignature()
    {
        (string, string)[] headers =
        [
            ("Host", "s3.amazonaws.com"), ("x-amz-date", "20130524T000000Z"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Authorization", S3Example.Authorization(
                "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer",
                "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e")),
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"), ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"), ("x-amz-trailer", "x-amz-checksum-crc32c"),
        ];
        byte[] body = S3Example.ChunkedBody(
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
            "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n");

        SigV4VerificationResult result = await S3Example.Verifier(_time).VerifyAsync(
            S3Example.Request("PUT", "/examplebucket/chunkObject.txt", "", body, headers));

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.PayloadMode, Is.EqualTo(SigV4PayloadMode.StreamingSignedTrailer));
        Assert.That(await S3Example.ReadAll(result.Body!), Has.Length.EqualTo(66560));
    }

    [Test]
    public void ChunkChain_AwsCAuthTrailerVector_VerifiesTrailerSignature()
    {
        byte[] key = new byte[32];
        SigV4Crypto.DeriveSigningKey(S3Example.Secret, "20130524", "us-east-1", "s3", key);
        ChunkSignatureChain chain = ChunkSignatureChain.ForHmac(key, S3Example.Time, "20130524/us-east-1/s3/aws4_request", Seed6);
        byte[] trailers = Encoding.ASCII.GetBytes("first:1st\nsecond:2nd\nthird:3rd\n");

        Assert.That(chain.VerifyChunk(Enumerable.Repeat((byte)'a', 65536).ToArray(), Encoding.ASCII.GetBytes(Chunk6A)), Is.True);
        Assert.That(chain.VerifyChunk(Enumerable.Repeat((byte)'a', 1024).ToArray(), Encoding.ASCII.GetBytes(Chunk6B)), Is.True);
        Assert.That(chain.VerifyChunk([], Encoding.ASCII.GetBytes(Chunk6Final)), Is.True);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(trailers)), Is.EqualTo("83d8f190334fb741bc8daf73c891689d320bd8017756bc730c540021ed48001f"));
        Assert.That(chain.VerifyTrailer(trailers, "df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c"u8), Is.True);
    }
}
