// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*AssumeRoleBenchmarks*' --job short
// On a loaded machine add --inProcess (the separate benchmark build otherwise hits BenchmarkDotNet's 120 s build timeout),
// and note `uptime` with the figures; SessionTokenBenchmarks' bare AES-GCM rows are the machine's yardstick.
// 2026-11-28 05:06, --job short --inProcess, load 10 -> 6.6 (the bare BCL AES-GCM rows ran 1.4-2.4 µs, quiet 1.7-1.8):
// AssumeRole 10.49 µs median (5.96 KB), with session policy and tags 49.76 µs (10.98 KB). Quiet before this work: 18.75 / 118.5.
// 05:18, same command, load 6.7 -> 5.0 (bare BCL AES-GCM open 1.42 µs): AssumeRole 7.26 µs median (5.8 KB), with session
// policy and tags 47.4 µs (10.81 KB).
using BenchmarkDotNet.Attributes;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Benchmarks.Core;

/// <summary>
/// AssumeRole in process, fully wired: validation, the role from the IAM service (in-memory store, warm cache), trust
/// and the caller's identity policy with Sts.Policy's evaluator (the trust policy delegates to the account, so both are
/// evaluated), minting and sealing. Target: at most 10 µs median for a call without session policy. Beside it the same
/// call with a session policy of six statements and two tags (parse, compression, the extra sts:TagSession decision).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AssumeRoleBenchmarks
{
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"arn:aws:iam::123456789012:role/application/*"},{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";

    private StsService _service = null!;
    private StsCaller _caller = null!;
    private AssumeRoleRequest _plain = null!;
    private AssumeRoleRequest _withPolicy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var root = IamPrincipal.Root(AccountId.Parse("123456789012"));
        var iam = new IamService(new InMemoryIamStore(), null, time);
        var user = Run(iam.CreateUserAsync(root, new CreateUserRequest("deployer")));
        Run(iam.PutUserPolicyAsync(root, new PutUserPolicyRequest("deployer", "assume", AllowAssume)));
        Run(iam.CreateRoleAsync(root, new CreateRoleRequest("S3ReadWrite", TrustAccount, Path: "/application/", MaxSessionDuration: 43200)));
        var directory = new IamStsDirectory(iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        _service = new StsService(
            new SessionTokenSealer(ring, time), directory, new PolicyEvaluatorStsDecider(directory), new NoMfaDevices(),
            new TotpVerifier(time), directory, new AuthorizationMessageSealer(ring), time);
        _caller = StsCaller.ForUser("123456789012", user.Arn, user.UserId);
        _plain = new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/application/S3ReadWrite", RoleSessionName = "botocore-session-1764244800" };
        var statements = string.Join(",", Enumerable.Range(0, 6).Select(i => $$"""{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-{{i}}/prefix/*"}"""));
        _withPolicy = _plain with
        {
            Policy = $$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""",
            Tags = [new SessionTag("Project", "Blue"), new SessionTag("CostCenter", "4711")],
        };
        Run(_service.AssumeRoleAsync(_caller, _plain));
        Run(_service.AssumeRoleAsync(_caller, _withPolicy));
    }

    [Benchmark(Baseline = true)]
    public AssumeRoleResponse AssumeRole() => _service.AssumeRoleAsync(_caller, _plain).AsTask().GetAwaiter().GetResult().Value;

    [Benchmark]
    public AssumeRoleResponse AssumeRoleWithSessionPolicyAndTags() => _service.AssumeRoleAsync(_caller, _withPolicy).AsTask().GetAwaiter().GetResult().Value;

    private static T Run<T>(ValueTask<Sts.Core.StsResult<T>> operation)
    {
        var result = operation.AsTask().GetAwaiter().GetResult();
        return result.IsSuccess ? result.Value : throw new InvalidOperationException($"Benchmark setup failed: {result.Error}");
    }

    private sealed class NoMfaDevices : IMfaDeviceResolver
    {
        public ValueTask<MfaDevice?> FindEnabledDeviceAsync(string serialNumber, CancellationToken cancellationToken = default) => ValueTask.FromResult<MfaDevice?>(null);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
