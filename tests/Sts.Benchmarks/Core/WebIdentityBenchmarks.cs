// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*WebIdentityBenchmarks*' --job short
//   Quick checks on a busy machine: add --inProcess (BenchmarkDotNet's generated-project build can exceed its 2-minute
//   timeout under load) and leave out '*UnknownKidBurst*' (--filter '*WebIdentityBenchmarks.Bare*' '*WebIdentityBenchmarks.Validate*').
// Targets: ValidateWarm <= 1.2 x BareRs256Verify (same token, same run; Ratio column, category RS256); likewise
// ValidateWarmEs256 against BareEs256Verify (category ES256); the unknown-kid burst makes at most one JWKS fetch per
// MinimumUnknownKeyRefreshInterval (printed after the run).
// Measured 2026-11-28 05:18 (short job, out of process, load average 6.3 -> 2.8): ValidateWarm 45.19 us vs BareRs256Verify
// 35.47 us = 1.27x (min 42.89 / 34.81 = 1.23x), 2,936 B per validation (was 4,672 B). In process at load ~10: 1.27x; ES256
// 163.2 vs 148.5 us = 1.10x. An interleaved stopwatch loop (min of 200-call batches) gives 27.7 vs 24.1 us = 1.15x.
// Measured 2026-11-28 05:45 (short job, in process, load average 4.0 -> 4.2) after OidcIssuer.Normalize lost 3 of its 4
// allocations: ValidateWarm 45.09 us vs BareRs256Verify 35.06 us = 1.29x (min 42.10 / 31.97 us; StdDev ~2.9 us on both),
// 2,800 B per validation (was 2,936 B). The 1.2x target is still not met.
// Measured 2026-11-28 11:07 (medium job, out of process, load average 6.4 -> 1.0) after the synchronous fast path, stack-hashed
// signing input, one-pass tags and the remembered header: ValidateWarm 42.58 us vs BareRs256Verify 33.92 us = 1.27x
// (BareRs256VerifyPublicKey 31.69 us; ES256 106.7 vs 101.6 us = 1.06x), 2,008 B per validation (was 2,800 B). Its iterations
// swung 35-48 us, so that ratio is the load: a short run at 11:16 (load 0.9 -> 1.3) gave 30.28 vs 33.56 us = 0.91x. What
// resolves ~1 us on this shared host is the interleaved stopwatch probe (min of 400 batches of 200 calls, alternating,
// three processes per build, 11:18, load 1.9 -> 1.4): main 27.6-28.1 vs 24.0-24.3 us = 1.14-1.16x (parse 1.65-1.73 us);
// this build 26.7-27.0 vs 23.9-24.2 us = 1.115-1.122x (parse 1.16-1.20 us). Public-only key vs key pair: equal in the
// probe (24.15 vs 24.34 us); BenchmarkDotNet's per-process rows put it at 0.93x-1.21x of the key pair from run to run.
using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Sts.Core.WebIdentity;

namespace Sts.Benchmarks.Core;

[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MinColumn]
[MedianColumn]
public class WebIdentityBenchmarks
{
    private const string Issuer = "https://idp.example.com/realms/sts";
    private const int BurstSize = 10_000;

    private RSA _rsa = null!;
    private RSA _publicRsa = null!;
    private ECDsa _ecdsa = null!;
    private string _token = null!;
    private string _esToken = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;
    private string[] _unknownKidTokens = null!;
    private OidcProviderList _providers = null!;
    private WebIdentityTokenValidator _validator = null!;
    private WebIdentityTokenValidator _burstValidator = null!;
    private Stopwatch _burstClock = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        var parameters = _rsa.ExportParameters(false);
        _publicRsa = RSA.Create(parameters);
        _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = _ecdsa.ExportParameters(false).Q;
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "bench",
                    ["n"] = Base64Url.EncodeToString(parameters.Modulus), ["e"] = Base64Url.EncodeToString(parameters.Exponent),
                },
                new JsonObject
                {
                    ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = "bench-ec", ["crv"] = "P-256",
                    ["x"] = Base64Url.EncodeToString(point.X), ["y"] = Base64Url.EncodeToString(point.Y),
                }),
        }.ToJsonString();
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer, ["sub"] = "f1d2d2f9-24c5-4c3c-9a4c-5c1b2a3d4e5f", ["aud"] = "sts-client", ["azp"] = "sts-client",
            ["iat"] = now, ["exp"] = now + 86_400, ["amr"] = new JsonArray("pwd", "mfa"), ["email"] = "alice@example.com",
            ["https://aws.amazon.com/tags"] = new JsonObject
            {
                ["principal_tags"] = new JsonObject { ["Department"] = new JsonArray("Engineering") },
                ["transitive_tag_keys"] = new JsonArray("Department"),
            },
        };
        _token = Sign("""{"alg":"RS256","typ":"JWT","kid":"bench"}""", claims.ToJsonString());
        _esToken = SignEs256("""{"alg":"ES256","typ":"JWT","kid":"bench-ec"}""", claims.ToJsonString());
        var lastDot = _token.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_token[..lastDot]);
        _signature = Base64Url.DecodeFromChars(_token.AsSpan(lastDot + 1));
        _unknownKidTokens = Enumerable.Range(0, BurstSize)
            .Select(i => Sign($$"""{"alg":"RS256","kid":"unknown-{{i}}"}""", claims.ToJsonString()))
            .ToArray();

        _providers = new OidcProviderList([new OidcProviderRegistration("arn:aws:iam::123456789012:oidc-provider/idp.example.com/realms/sts", Issuer, ["sts-client"], [])]);
        _validator = new WebIdentityTokenValidator(new WebIdentityOptions(), TimeProvider.System, new HttpClient(new InMemoryIdentityProvider(jwks)));
        _burstValidator = new WebIdentityTokenValidator(
            new WebIdentityOptions { MinimumUnknownKeyRefreshInterval = TimeSpan.FromSeconds(1) }, TimeProvider.System, new HttpClient(new InMemoryIdentityProvider(jwks)));
        if (!_validator.ValidateAsync(_token, _providers).AsTask().GetAwaiter().GetResult().IsSuccess
            || !_validator.ValidateAsync(_esToken, _providers).AsTask().GetAwaiter().GetResult().IsSuccess
            || !_burstValidator.ValidateAsync(_token, _providers).AsTask().GetAwaiter().GetResult().IsSuccess)
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }

        _burstClock = Stopwatch.StartNew();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// WebIdentity unknown-kid bursts: {_burstValidator.FetchCount} JWKS fetches in {_burstClock.Elapsed.TotalSeconds:F1} s "
            + $"with a 1 s minimum interval (bound: {Math.Ceiling(_burstClock.Elapsed.TotalSeconds) + 1}); warm validator fetches: {_validator.FetchCount}");
        _validator.Dispose();
        _burstValidator.Dispose();
        _rsa.Dispose();
        _publicRsa.Dispose();
        _ecdsa.Dispose();
    }

    /// <summary>The least work that verifies this token: split it, take the signing input's bytes, decode the signature, RSA.VerifyData.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("RS256")]
    public bool BareRs256Verify()
    {
        var lastDot = _token.LastIndexOf('.');
        var signingInput = Encoding.ASCII.GetBytes(_token, 0, lastDot);
        var signature = Base64Url.DecodeFromChars(_token.AsSpan(lastDot + 1));
        return _rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>As <see cref="BareRs256Verify"/>, but with a public-only key imported from n/e, as a JWKS gives it (what the validator holds).</summary>
    [Benchmark]
    [BenchmarkCategory("RS256")]
    public bool BareRs256VerifyPublicKey()
    {
        var lastDot = _token.LastIndexOf('.');
        var signingInput = Encoding.ASCII.GetBytes(_token, 0, lastDot);
        var signature = Base64Url.DecodeFromChars(_token.AsSpan(lastDot + 1));
        return _publicRsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>The validator's parse step alone (split, base64url, header, payload JSON): part of the non-crypto overhead.</summary>
    [Benchmark]
    [BenchmarkCategory("RS256")]
    public bool ParseOnly() => CompactJwt.Parse(_token).IsSuccess;

    /// <summary>RSA.VerifyData alone, on bytes prepared in setup (the floor; reported for reference).</summary>
    [Benchmark]
    [BenchmarkCategory("RS256")]
    public bool RsaVerifyDataOnly() => _rsa.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>The whole validation of the token with warm keys (the subject of the 1.2x target).</summary>
    [Benchmark]
    [BenchmarkCategory("RS256")]
    public bool ValidateWarm()
    {
        var task = _validator.ValidateAsync(_token, _providers);
        return task.IsCompletedSuccessfully ? task.Result.IsSuccess : task.AsTask().GetAwaiter().GetResult().IsSuccess;
    }

    /// <summary>As <see cref="BareRs256Verify"/> for the ES256 token: split, bytes, decode, ECDsa.VerifyData (IEEE P1363 signature).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ES256")]
    public bool BareEs256Verify()
    {
        var lastDot = _esToken.LastIndexOf('.');
        var signingInput = Encoding.ASCII.GetBytes(_esToken, 0, lastDot);
        var signature = Base64Url.DecodeFromChars(_esToken.AsSpan(lastDot + 1));
        return _ecdsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The whole validation of the ES256 token (same claims) with warm keys.</summary>
    [Benchmark]
    [BenchmarkCategory("ES256")]
    public bool ValidateWarmEs256()
    {
        var task = _validator.ValidateAsync(_esToken, _providers);
        return task.IsCompletedSuccessfully ? task.Result.IsSuccess : task.AsTask().GetAwaiter().GetResult().IsSuccess;
    }

    [Benchmark(OperationsPerInvoke = BurstSize)]
    [BenchmarkCategory("Burst")]
    public int UnknownKidBurst()
    {
        var refused = 0;
        foreach (var token in _unknownKidTokens)
        {
            if (!_burstValidator.ValidateAsync(token, _providers).AsTask().GetAwaiter().GetResult().IsSuccess)
            {
                refused++;
            }
        }

        return refused;
    }

    private string Sign(string header, string payload)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = _rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    private string SignEs256(string header, string payload)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = _ecdsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Serves the discovery document and JWKS from memory (the benchmark measures validation, not HTTP).</summary>
    private sealed class InMemoryIdentityProvider(string jwks) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.RequestUri!.AbsolutePath.EndsWith("/openid-configuration", StringComparison.Ordinal)
                ? $$"""{"issuer":"{{Issuer}}","jwks_uri":"{{Issuer}}/jwks"}"""
                : jwks;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }
}
