// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*SessionTokenBenchmarks*' --job short
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Sts.Core.Tokens;

namespace Sts.Benchmarks.Core;

/// <summary>
/// Sealing and opening a session token (a role session without session policy), next to a bare AES-256-GCM
/// seal and open of the same plaintext under a fixed key (the floor: no key derivation, encoding or checks).
/// Target: Open (open and check) at most 2 µs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SessionTokenBenchmarks
{
    private SessionTokenSealer _sealer = null!;
    private SessionState _session = null!;
    private string _token = null!;
    private byte[] _plaintext = null!;
    private byte[] _ciphertext = null!;
    private byte[] _sealedCiphertext = null!;
    private byte[] _tag = null!;
    private byte[] _sealedTag = null!;
    private byte[] _opened = null!;
    private readonly byte[] _nonce = new byte[12];
    private AesGcm _aes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var issued = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var time = new FixedTimeProvider(issued.AddMinutes(1));
        _sealer = new SessionTokenSealer(SessionKeyRing.CreateWithNewKey(), time, new SessionRevocationList());
        _session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.AssumedRole,
            Account = "123456789012",
            RoleArn = "arn:aws:iam::123456789012:role/application/S3ReadWrite",
            RoleId = "AROAQ3EGNKP5EXAMPLE12",
            RoleSessionName = "botocore-session-1764244800",
            IssuedAt = issued,
            Expiration = issued.AddHours(1),
        };
        _token = _sealer.Seal(_session).Value.Token;

        using var writer = new TokenWriter();
        SessionTokenCodec.Encode(_session, writer);
        _plaintext = writer.Written.ToArray();
        _ciphertext = new byte[_plaintext.Length];
        _sealedCiphertext = new byte[_plaintext.Length];
        _opened = new byte[_plaintext.Length];
        _tag = new byte[16];
        _sealedTag = new byte[16];
        _aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _aes.Encrypt(_nonce, _plaintext, _sealedCiphertext, _sealedTag);
        Console.WriteLine($"// token length: {_token.Length} characters, plaintext {_plaintext.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _aes.Dispose();

    [Benchmark]
    public string Seal() => _sealer.Seal(_session).Value.Token;

    [Benchmark]
    public SessionState OpenAndCheck() => _sealer.Open(_token, _session.AccessKeyId).Value;

    [Benchmark]
    public byte[] BareAesGcmSeal()
    {
        _aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        return _ciphertext;
    }

    [Benchmark]
    public byte[] BareAesGcmOpen()
    {
        _aes.Decrypt(_nonce, _sealedCiphertext, _sealedTag, _opened);
        return _opened;
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
