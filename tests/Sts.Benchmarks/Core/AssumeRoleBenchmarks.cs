// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*AssumeRoleBenchmarks*' --job short
using BenchmarkDotNet.Attributes;
using Sts.Core.Sts;
using Sts.Core.Tokens;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Benchmarks.Core;

/// <summary>
/// AssumeRole in process: validation, role lookup (an in-memory role record), trust and the caller's identity policy
/// with Sts.Policy's evaluator (the trust policy delegates to the account, so both are evaluated), minting and sealing.
/// Target: at most 10 µs median for a call without session policy. Beside it the same call with a session policy of six
/// statements and two tags (parse, compression, the extra sts:TagSession decision).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AssumeRoleBenchmarks
{
    private const string Account = "123456789012";
    private const string RoleArn = "arn:aws:iam::123456789012:role/application/S3ReadWrite";
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
        var role = new StsRole
        {
            Arn = RoleArn,
            RoleId = "AROAQ3EGNKP5EXAMPLE12",
            Account = Account,
            MaxSessionDurationSeconds = 43200,
            TrustPolicy = PolicyParser.Parse(TrustAccount, PolicyKind.Trust).Document!,
        };
        var identity = CompiledPolicy.Compile(PolicyParser.Parse(AllowAssume, PolicyKind.Identity).Document!, "deployer-inline", PolicySource.Identity);
        var callerPolicies = new FixedPolicies(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([identity]) });
        var ring = SessionKeyRing.CreateWithNewKey();
        _service = new StsService(
            new SessionTokenSealer(ring, time), new OneRole(role), new PolicyEvaluatorStsDecider(callerPolicies), new NoMfaDevices(),
            new TotpVerifier(time), new NoAccessKeys(), new AuthorizationMessageSealer(ring), time);
        _caller = StsCaller.ForUser(Account, "arn:aws:iam::123456789012:user/deployer", "AIDAQ3EGNKP5EXAMPLE12");
        _plain = new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "botocore-session-1764244800" };
        var statements = string.Join(",", Enumerable.Range(0, 6).Select(i => $$"""{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-{{i}}/prefix/*"}"""));
        _withPolicy = _plain with
        {
            Policy = $$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""",
            Tags = [new SessionTag("Project", "Blue"), new SessionTag("CostCenter", "4711")],
        };
        foreach (var request in new[] { _plain, _withPolicy })
        {
            var check = _service.AssumeRoleAsync(_caller, request).AsTask().GetAwaiter().GetResult();
            if (!check.IsSuccess)
            {
                throw new InvalidOperationException($"Benchmark setup: AssumeRole failed: {check.Error}");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public AssumeRoleResponse AssumeRole() => _service.AssumeRoleAsync(_caller, _plain).AsTask().GetAwaiter().GetResult().Value;

    [Benchmark]
    public AssumeRoleResponse AssumeRoleWithSessionPolicyAndTags() => _service.AssumeRoleAsync(_caller, _withPolicy).AsTask().GetAwaiter().GetResult().Value;

    private sealed class OneRole(StsRole role) : IRoleResolver
    {
        public ValueTask<StsRole?> FindRoleAsync(string roleArn, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(roleArn == role.Arn ? role : null);
    }

    private sealed class FixedPolicies(PolicyEvaluationInput input) : ICallerPolicySource
    {
        public ValueTask<PolicyEvaluationInput?> GetPoliciesAsync(StsCaller caller, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<PolicyEvaluationInput?>(input);
    }

    private sealed class NoMfaDevices : IMfaDeviceResolver
    {
        public ValueTask<MfaDevice?> FindEnabledDeviceAsync(string serialNumber, CancellationToken cancellationToken = default) => ValueTask.FromResult<MfaDevice?>(null);
    }

    private sealed class NoAccessKeys : IAccessKeyAccountResolver
    {
        public ValueTask<string?> FindAccountAsync(string accessKeyId, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
