// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*SigV4ChunkedPayloadBenchmarks*' --job short
// On a busy machine (where the generated project's build times out) add --inProcess; compare only against the peer in the same run.
// Target: verifying a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body reaches at least 80% of raw SHA-256 throughput over the same bytes.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sts.SigV4;

namespace Sts.Benchmarks.SigV4;

/// <summary>4 MiB uploaded in 64 KiB signed chunks: decode and verify every chunk, against SHA-256 of the same 4 MiB.</summary>
[MemoryDiagnoser]
public class SigV4ChunkedPayloadBenchmarks
{
    private const int ChunkSize = 64 * 1024;
    private const int Total = 4 * 1024 * 1024;
    private static readonly DateTimeOffset SignedAt = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly byte[] _data = new byte[Total];
    private readonly byte[] _readBuffer = new byte[ChunkSize];
    private readonly byte[] _hash = new byte[32];
    private SigV4Verifier _verifier = null!;
    private List<KeyValuePair<string, string>> _headers = null!;
    private byte[] _body = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_data);
        byte[] key = new byte[32];
        SigV4Crypto.DeriveSigningKey(BenchmarkCredentials.Secret, "20240601", "us-east-1", "s3", key);
        const string Mode = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        _headers =
        [
            new("Host", "examplebucket.s3.amazonaws.com"),
            new("Content-Encoding", "aws-chunked"),
            new("x-amz-content-sha256", Mode),
            new("x-amz-date", "20240601T120000Z"),
            new("x-amz-decoded-content-length", Total.ToString(CultureInfo.InvariantCulture)),
        ];
        const string Signed = "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length";
        var canonical = new ByteBuffer(512);
        Canonicalizer.TryWriteCanonicalRequest(ref canonical, "PUT", "/big.bin", "", _headers, Signed, Mode, false, false, out _);
        string seed = Sign(key, "AWS4-HMAC-SHA256\n20240601T120000Z\n20240601/us-east-1/s3/aws4_request\n" + Convert.ToHexStringLower(SHA256.HashData(canonical.WrittenSpan)));
        canonical.Dispose();
        _headers.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={BenchmarkCredentials.AccessKeyId}/20240601/us-east-1/s3/aws4_request, SignedHeaders={Signed}, Signature={seed}"));

        var body = new MemoryStream();
        string previous = seed;
        for (int offset = 0; offset <= Total; offset += ChunkSize)
        {
            int length = Math.Min(ChunkSize, Total - offset);
            ReadOnlySpan<byte> chunk = _data.AsSpan(offset, length);
            previous = Sign(key, $"AWS4-HMAC-SHA256-PAYLOAD\n20240601T120000Z\n20240601/us-east-1/s3/aws4_request\n{previous}\n{SigV4Crypto.EmptyHashHexString}\n{Convert.ToHexStringLower(SHA256.HashData(chunk))}");
            body.Write(Encoding.ASCII.GetBytes($"{length:x};chunk-signature={previous}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
            if (length == 0)
            {
                break;
            }
        }

        _body = body.ToArray();
        _verifier = new SigV4Verifier(new SigV4VerifierOptions(), new BenchmarkCredentials(), new FixedTimeProvider(SignedAt));
        if (VerifyChunkedUpload() != Total)
        {
            throw new InvalidOperationException("The benchmark body does not verify.");
        }
    }

    /// <summary>Sts: verify the seed signature, then decode and verify all 65 chunks while reading.</summary>
    [Benchmark]
    public long VerifyChunkedUpload()
    {
        var request = new SigV4Request { Method = "PUT", RawPath = "/big.bin", Headers = _headers, Body = new MemoryStream(_body, writable: false) };
        ValueTask<SigV4VerificationResult> pending = _verifier.VerifyAsync(request);
        SigV4VerificationResult result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        long total = 0;
        using Stream stream = result.Body!;
        int n;
        while ((n = stream.Read(_readBuffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    /// <summary>The bar: SHA-256 over the same decoded bytes, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public byte[] RawSha256OfSameBytes()
    {
        SHA256.HashData(_data, _hash);
        return _hash;
    }

    private static string Sign(byte[] key, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
}
