using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Payload;

/// <summary>aws-chunked bodies: signed chunks, unsigned chunks with trailers, framing and size attacks.</summary>
public sealed class ChunkedPayloadTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TestSigner Signer = new(Now);

    internal static byte[] Bytes(int length, byte seed = 1)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed + (i * 31));
        }

        return data;
    }

    internal static (SigV4Request Request, string Seed) Upload(string mode, long decodedLength, Func<string, byte[]> body, string? trailer = null, Stream? stream = null)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "bucket.s3.amazonaws.com"),
            new("Content-Encoding", "aws-chunked"),
            new("x-amz-content-sha256", mode),
            new("x-amz-decoded-content-length", decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (trailer is not null)
        {
            headers.Add(new("x-amz-trailer", trailer));
        }

        string seed = Signer.SignHeaders("PUT", "/key", "", headers, mode);
        return (new SigV4Request { Method = "PUT", RawPath = "/key", Headers = headers, Body = stream ?? new MemoryStream(body(seed)) }, seed);
    }

    internal static SigV4Verifier Verifier(SigV4VerifierOptions? options = null) =>
        new(options ?? new SigV4VerifierOptions(), TestSigner.Resolver(), new FakeTimeProvider(Now));

    private static async Task<SigV4Error> ReadFailure(SigV4VerificationResult result)
    {
        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        SigV4Exception? thrown = Assert.ThrowsAsync<SigV4Exception>(() => S3Example.ReadAll(result.Body!));
        return thrown!.Error;
    }

    [Test]
    public async Task Read_SignedChunks_ReturnsDecodedData()
    {
        byte[] a = Bytes(10000), b = Bytes(8192, 7), c = Bytes(17, 9);
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 18209, seed => Signer.SignedChunks(seed, [a, b, c]));

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(await S3Example.ReadAll(result.Body!), Is.EqualTo(a.Concat(b).Concat(c).ToArray()));
    }

    [Test]
    public async Task Read_SignedChunksWithSynchronousReads_ReturnsDecodedData()
    {
        byte[] a = Bytes(5000);
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 5000, seed => Signer.SignedChunks(seed, [a]));

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);
        var copy = new MemoryStream();
        result.Body!.CopyTo(copy, 333);

        Assert.That(copy.ToArray(), Is.EqualTo(a));
    }

    [TestCase(4096, TestName = "Read_TamperedSecondChunkWithSmallReads_ReleasesFirstChunkThenThrowsSignatureDoesNotMatch")]
    [TestCase(65536, TestName = "Read_TamperedSecondChunkWithLargeReads_ReleasesFirstChunkThenThrowsSignatureDoesNotMatch")]
    public async Task Read_TamperedSecondChunk_ReleasesFirstChunkThenThrowsSignatureDoesNotMatch(int readSize)
    {
        byte[] a = Bytes(9000), b = Bytes(9000, 3);
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 18000, seed =>
        {
            byte[] body = Signer.SignedChunks(seed, [a, b]);
            int second = body.Length - 9000 - 2 - 100; // inside the second chunk's data
            body[second] ^= 0xFF;
            return body;
        });

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);
        var received = new MemoryStream();
        byte[] buffer = new byte[readSize];
        SigV4Exception? thrown = null;
        try
        {
            int n;
            while ((n = await result.Body!.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (SigV4Exception exception)
        {
            thrown = exception;
        }

        Assert.That(thrown?.Error.AwsCode, Is.EqualTo("SignatureDoesNotMatch"));
        Assert.That(received.ToArray(), Is.EqualTo(a), "only the verified first chunk was released");
        Assert.ThrowsAsync<SigV4Exception>(() => S3Example.ReadAll(result.Body!), "the failure is sticky");
    }

    [Test]
    public async Task Read_TamperedFinalChunkSignature_ThrowsSignatureDoesNotMatch()
    {
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 100, seed =>
        {
            string text = Encoding.Latin1.GetString(Signer.SignedChunks(seed, [Bytes(100)]));
            int final = text.LastIndexOf("0;chunk-signature=", StringComparison.Ordinal) + 18;
            char[] chars = text.ToCharArray();
            chars[final] = chars[final] == 'a' ? 'b' : 'a';
            return Encoding.Latin1.GetBytes(chars);
        });

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.SignatureDoesNotMatch));
    }

    [Test]
    public async Task Read_MissingFinalChunk_ThrowsIncompleteBody()
    {
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 100, seed =>
        {
            byte[] body = Signer.SignedChunks(seed, [Bytes(100)]);
            string text = Encoding.Latin1.GetString(body);
            return body[..text.LastIndexOf("0;chunk-signature=", StringComparison.Ordinal)];
        });

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.IncompleteBody));
    }

    [Test]
    public async Task Read_ChunkSizeLargerThanData_ThrowsIncompleteBody()
    {
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 0x400, seed =>
        {
            string signature = Signer.ChunkSignature(seed, Bytes(100));
            return Encoding.ASCII.GetBytes($"400;chunk-signature={signature}\r\n").Concat(Bytes(100)).Concat("\r\n"u8.ToArray()).ToArray();
        });

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.IncompleteBody));
    }

    [Test]
    public async Task Read_ChunkSizeSmallerThanData_ThrowsIncompleteBody()
    {
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 100, seed =>
        {
            string signature = Signer.ChunkSignature(seed, Bytes(50));
            return Encoding.ASCII.GetBytes($"32;chunk-signature={signature}\r\n").Concat(Bytes(100)).Concat("\r\n"u8.ToArray()).ToArray();
        });

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.IncompleteBody));
        Assert.That(error.Message, Does.Contain("declared size of 50"));
    }

    [Test]
    public async Task Read_DeclaredChunkAboveLimit_ThrowsBeforeBuffering()
    {
        var endless = new EndlessStream("7fffffff;chunk-signature=" + new string('0', 64) + "\r\n");
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", long.MaxValue, _ => [], stream: endless);

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.InvalidRequest));
        Assert.That(error.Message, Does.Contain("more than the maximum"));
        Assert.That(endless.BytesRead, Is.LessThan(1024 * 1024));
    }

    [Test]
    public async Task Read_EndlessHeaderLine_ThrowsAfterBoundedRead()
    {
        var endless = new EndlessStream("a");
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 100, _ => [], stream: endless);

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.IncompleteBody));
        Assert.That(endless.BytesRead, Is.LessThan(1024 * 1024));
    }

    [Test]
    public async Task Read_EndlessUnsignedChunks_StopsAtDeclaredLength()
    {
        var endless = new EndlessStream("1\r\na\r\n");
        (SigV4Request request, _) = Upload("STREAMING-UNSIGNED-PAYLOAD-TRAILER", 1000, _ => [], "x-amz-checksum-crc32", endless);

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.IncompleteBody));
        Assert.That(error.Message, Does.Contain("more than the 1000 bytes"));
        Assert.That(endless.BytesRead, Is.LessThan(1024 * 1024));
    }

    [TestCase(99, TestName = "Read_DecodedLengthLargerThanChunks_ThrowsIncompleteBody")]
    [TestCase(101, TestName = "Read_DecodedLengthSmallerThanChunks_ThrowsIncompleteBody")]
    public async Task Read_DecodedLengthLie_ThrowsIncompleteBody(int declared)
    {
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", declared == 99 ? 101 : 99, seed => Signer.SignedChunks(seed, [Bytes(100)]));

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.IncompleteBody));
    }

    [Test]
    public async Task Read_DataAfterFinalChunk_ThrowsInvalidRequest()
    {
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 10, seed => Signer.SignedChunks(seed, [Bytes(10)]).Concat("junk"u8.ToArray()).ToArray());

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.InvalidRequest));
        Assert.That(error.Message, Does.Contain("follows the final chunk"));
    }

    [Test]
    public async Task Read_SmallNonFinalChunkWithMinimumConfigured_ThrowsInvalidChunkSizeError()
    {
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 200, seed => Signer.SignedChunks(seed, [Bytes(100), Bytes(100)]));

        SigV4Error error = await ReadFailure(await Verifier(new SigV4VerifierOptions { MinChunkSize = 8192 }).VerifyAsync(request));

        Assert.That(error.AwsCode, Is.EqualTo("InvalidChunkSizeError"));
    }

    [Test]
    public async Task VerifyAsync_StreamingWithoutDecodedLength_ReturnsInvalidRequest()
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "h"), new("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD") };
        Signer.SignHeaders("PUT", "/key", "", headers, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");

        SigV4VerificationResult result = await Verifier().VerifyAsync(new SigV4Request { Method = "PUT", RawPath = "/key", Headers = headers, Body = new MemoryStream() });

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.InvalidRequest));
        Assert.That(result.Error?.Message, Does.Contain("x-amz-decoded-content-length"));
    }

    [TestCase("x-amz-checksum-crc32")]
    [TestCase("x-amz-checksum-crc32c")]
    [TestCase("x-amz-checksum-crc64nvme")]
    [TestCase("x-amz-checksum-sha1")]
    [TestCase("x-amz-checksum-sha256")]
    public async Task Read_UnsignedTrailerWithCorrectChecksum_ReturnsData(string algorithm)
    {
        byte[] a = Bytes(3000), b = Bytes(5, 2);
        string checksum = Checksums.Base64(algorithm, a.Concat(b).ToArray());
        (SigV4Request request, _) = Upload("STREAMING-UNSIGNED-PAYLOAD-TRAILER", 3005, _ => TestSigner.UnsignedChunks([a, b], $"{algorithm}:{checksum}"), algorithm);

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);

        Assert.That(result.PayloadMode, Is.EqualTo(SigV4PayloadMode.StreamingUnsignedTrailer));
        Assert.That(await S3Example.ReadAll(result.Body!), Is.EqualTo(a.Concat(b).ToArray()));
    }

    [TestCase("x-amz-checksum-crc32")]
    [TestCase("x-amz-checksum-crc32c")]
    [TestCase("x-amz-checksum-crc64nvme")]
    [TestCase("x-amz-checksum-sha1")]
    [TestCase("x-amz-checksum-sha256")]
    public async Task Read_UnsignedTrailerWithWrongChecksum_ThrowsBadDigest(string algorithm)
    {
        byte[] a = Bytes(3000);
        string wrong = Checksums.Base64(algorithm, Bytes(3000, 9));
        (SigV4Request request, _) = Upload("STREAMING-UNSIGNED-PAYLOAD-TRAILER", 3000, _ => TestSigner.UnsignedChunks([a], $"{algorithm}:{wrong}"), algorithm);

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.AwsCode, Is.EqualTo("BadDigest"));
        Assert.That(error.HttpStatus, Is.EqualTo(400));
    }

    [Test]
    public async Task Read_SignedTrailer_VerifiesChecksumAndTrailerSignature()
    {
        byte[] a = Bytes(9000);
        string line = "x-amz-checksum-sha256:" + Checksums.Base64("x-amz-checksum-sha256", a);
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", 9000, seed => Signer.SignedChunks(seed, [a], line), "x-amz-checksum-sha256");

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);

        Assert.That(await S3Example.ReadAll(result.Body!), Is.EqualTo(a));
    }

    [Test]
    public async Task Read_SignedTrailerWithForgedTrailerSignature_ThrowsSignatureDoesNotMatch()
    {
        byte[] a = Bytes(9000);
        string line = "x-amz-checksum-sha256:" + Checksums.Base64("x-amz-checksum-sha256", a);
        (SigV4Request request, _) = Upload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", 9000, seed =>
        {
            string text = Encoding.Latin1.GetString(Signer.SignedChunks(seed, [a], line));
            int at = text.IndexOf("x-amz-trailer-signature:", StringComparison.Ordinal) + 24;
            char[] chars = text.ToCharArray();
            chars[at] = chars[at] == 'a' ? 'b' : 'a';
            return Encoding.Latin1.GetBytes(chars);
        }, "x-amz-checksum-sha256");

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.SignatureDoesNotMatch));
    }

    [Test]
    public async Task Read_TrailerNotAnnounced_ThrowsInvalidRequest()
    {
        byte[] a = Bytes(10);
        (SigV4Request request, _) = Upload("STREAMING-UNSIGNED-PAYLOAD-TRAILER", 10, _ => TestSigner.UnsignedChunks([a], "x-amz-checksum-sha1:" + Checksums.Base64("x-amz-checksum-sha1", a)), "x-amz-checksum-crc32");

        SigV4Error error = await ReadFailure(await Verifier().VerifyAsync(request));

        Assert.That(error.Code, Is.EqualTo(SigV4ErrorCode.InvalidRequest));
        Assert.That(error.Message, Does.Contain("not announced"));
    }

    [Test]
    public async Task VerifyAsync_TrailerModeWithUnsupportedChecksum_ReturnsInvalidRequest()
    {
        (SigV4Request request, _) = Upload("STREAMING-UNSIGNED-PAYLOAD-TRAILER", 10, _ => [], "x-amz-checksum-md5");

        SigV4VerificationResult result = await Verifier().VerifyAsync(request);

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.InvalidRequest));
    }

    /// <summary>A body that repeats a pattern forever, counting what was read from it.</summary>
    private sealed class EndlessStream(string pattern) : Stream
    {
        private readonly byte[] _pattern = Encoding.ASCII.GetBytes(pattern);
        private long _position;

        public long BytesRead => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _pattern[(int)(_position++ % _pattern.Length)];
            }

            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
