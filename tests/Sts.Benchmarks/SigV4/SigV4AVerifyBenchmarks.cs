// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*SigV4AVerifyBenchmarks*' --job short
// On a busy machine (where the generated project's build times out) add --inProcess; compare only against the peer in the same run.
// Target: a SigV4A header-signed request verifies in at most 1.2× the time of one bare P-256 ECDSA verification.
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sts.SigV4;

namespace Sts.Benchmarks.SigV4;

/// <summary>SigV4A (AWS4-ECDSA-P256-SHA256) verification with a cached derived public key, against ECDsa.VerifyData alone.</summary>
[MemoryDiagnoser]
public class SigV4AVerifyBenchmarks
{
    private static readonly DateTimeOffset SignedAt = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private SigV4Verifier _verifier = null!;
    private SigV4Request _request = null!;
    private ECDsa _publicKey = null!;
    private byte[] _stringToSign = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        using ECDsa privateKey = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = SigV4AKeys.DerivePrivateKey(BenchmarkCredentials.AccessKeyId, BenchmarkCredentials.Secret) });
        _publicKey = ECDsa.Create(privateKey.ExportParameters(false));
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", "examplebucket.s3.amazonaws.com"),
            new("x-amz-content-sha256", SigV4Crypto.EmptyHashHexString),
            new("x-amz-date", "20240601T120000Z"),
            new("x-amz-region-set", "us-east-1,us-west-2"),
        };
        const string Signed = "host;x-amz-content-sha256;x-amz-date;x-amz-region-set";
        var canonical = new ByteBuffer(512);
        Canonicalizer.TryWriteCanonicalRequest(ref canonical, "GET", "/photos/a.jpg", "", headers, Signed, SigV4Crypto.EmptyHashHexString, false, false, out _);
        _stringToSign = Encoding.ASCII.GetBytes("AWS4-ECDSA-P256-SHA256\n20240601T120000Z\n20240601/s3/aws4_request\n" + Convert.ToHexStringLower(SHA256.HashData(canonical.WrittenSpan)));
        canonical.Dispose();
        _signature = privateKey.SignData(_stringToSign, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        headers.Add(new("Authorization", $"AWS4-ECDSA-P256-SHA256 Credential={BenchmarkCredentials.AccessKeyId}/20240601/s3/aws4_request, SignedHeaders={Signed}, Signature={Convert.ToHexStringLower(_signature)}"));
        _request = new SigV4Request { Method = "GET", RawPath = "/photos/a.jpg", Headers = headers };
        _verifier = new SigV4Verifier(new SigV4VerifierOptions(), new BenchmarkCredentials(), new FixedTimeProvider(SignedAt));
        if (!Verify().IsSuccess || !BareEcdsaVerify())
        {
            throw new InvalidOperationException("The benchmark request does not verify.");
        }
    }

    /// <summary>Sts: parse, canonicalize, hash, and one ECDSA verification.</summary>
    [Benchmark]
    public SigV4VerificationResult StsVerifySigV4AHeaderSignedGet() => Verify();

    /// <summary>The bar: ECDsa.VerifyData over the same string to sign.</summary>
    [Benchmark(Baseline = true)]
    public bool BareEcdsaVerify() =>
        _publicKey.VerifyData(_stringToSign, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    private SigV4VerificationResult Verify()
    {
        ValueTask<SigV4VerificationResult> pending = _verifier.VerifyAsync(_request);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
