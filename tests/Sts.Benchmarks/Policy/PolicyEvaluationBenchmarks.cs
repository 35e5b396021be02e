// Run:  dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*PolicyEvaluationBenchmarks*' --job short
//       (on a loaded machine the generated project's build can pass BenchmarkDotNet's 2-minute limit: add --inProcess)
// Ratio is against PeerFixedStringWork, a fixed BCL-only workload in the same run, so figures taken under different
// loads compare; record `uptime` with each run.
// Peer: node tests/node/iam-simulate-oracle.mjs --bench 2000 < tests/Sts.Benchmarks/Policy/policy-evaluation-one-policy.jsonl
//       node tests/node/iam-simulate-oracle.mjs --bench 200 < tests/Sts.Benchmarks/Policy/policy-evaluation-account.jsonl
// The same request files (IAM SimulateCustomPolicy shape) feed both sides.
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Benchmarks.Policy;

/// <summary>
/// Policy evaluation: one request against a 10-statement identity policy with conditions (target: at most
/// 300 ns median, 0 bytes), and against an account's worth of policies, 100 policies of 10 statements
/// (target: at most 10 µs, through the action index).
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluationBenchmarks
{
    private PolicyEvaluationInput _onePolicy = null!;
    private RequestContext _onePolicyRequest = null!;
    private PolicyEvaluationInput _account = null!;
    private RequestContext _accountRequest = null!;
    private EvaluationTrace _trace = null!;
    private string _onePolicyText = null!;

    private static readonly string[] PeerActions =
    [
        "s3:*", "*", "s3:ListBucket", "sqs:SendMessage", "dynamodb:GetItem", "s3:PutObject", "ec2:StartInstances",
        "s3:DeleteObject", "kms:Decrypt", "s3:getobject",
    ];

    private static readonly string[] PeerPrefixes = ["arn:aws:s3:::corp-data", "arn:aws:s3:::corp-data/home/", "arn:aws:sqs:"];

    private static readonly string PeerResource = "arn:aws:s3:::corp-data/home/alice/report.csv";

    private static readonly string[] PeerKeys =
    [
        "aws:SecureTransport", "aws:SourceIp", "aws:username", "aws:SourceIp", "aws:PrincipalTag/team", "aws:CurrentTime",
    ];

    private static readonly Dictionary<string, int> PeerContext = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:username"] = 1, ["aws:sourceip"] = 2, ["aws:SecureTransport"] = 3, ["aws:PrincipalTag/team"] = 4, ["aws:CurrentTime"] = 5,
        ["aws:MultiFactorAuthAge"] = 6,
    };

    [GlobalSetup]
    public void Setup()
    {
        (_onePolicy, _onePolicyRequest, _onePolicyText) = Load("policy-evaluation-one-policy.jsonl");
        (_account, _accountRequest, _) = Load("policy-evaluation-account.jsonl");
        _trace = new EvaluationTrace();
        if (PolicyEvaluator.Evaluate(_onePolicy, _onePolicyRequest) != PolicyDecision.Allow || PolicyEvaluator.Evaluate(_account, _accountRequest) != PolicyDecision.Allow)
        {
            throw new InvalidOperationException("the benchmark requests must be allowed (as iam-simulate decides them)");
        }
    }

    /// <summary>
    /// Peer yardstick for a noisy machine: a fixed amount of BCL-only work of the same kind the evaluator does
    /// (10 action comparisons ignoring case, 3 resource prefix checks, 6 case-insensitive dictionary lookups),
    /// independent of Sts code, so the Ratio column compares runs taken under different loads.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int PeerFixedStringWork()
    {
        var hits = 0;
        foreach (var action in PeerActions)
        {
            hits += string.Equals(action, "s3:GetObject", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        foreach (var prefix in PeerPrefixes)
        {
            hits += PeerResource.StartsWith(prefix, StringComparison.Ordinal) ? 1 : 0;
        }

        foreach (var key in PeerKeys)
        {
            hits += PeerContext.TryGetValue(key, out var value) ? value : 0;
        }

        return hits;
    }

    /// <summary>One request, 10-statement identity policy with conditions, decision only.</summary>
    [Benchmark]
    public PolicyDecision OnePolicyTenStatements() => PolicyEvaluator.Evaluate(_onePolicy, _onePolicyRequest);

    /// <summary>The same request with a reused trace (matched statements, missing keys).</summary>
    [Benchmark]
    public PolicyDecision OnePolicyTenStatementsWithTrace() => PolicyEvaluator.Evaluate(_onePolicy, _onePolicyRequest, _trace);

    /// <summary>One request against 100 identity policies of 10 statements each.</summary>
    [Benchmark]
    public PolicyDecision AccountHundredPolicies() => PolicyEvaluator.Evaluate(_account, _accountRequest);

    /// <summary>Parsing and compiling the 10-statement policy (what the content cache saves).</summary>
    [Benchmark]
    public CompiledPolicy CompileTenStatementPolicy() =>
        CompiledPolicy.Compile(PolicyParser.Parse(_onePolicyText, PolicyKind.Identity).Document!, "p", PolicySource.Identity);

    private static (PolicyEvaluationInput Input, RequestContext Request, string FirstPolicy) Load(string file)
    {
        // The request files live next to this class in the source tree (shared with the Node peer); find them upwards.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "Sts.Benchmarks", "Policy", file)))
        {
            dir = dir.Parent;
        }

        var path = dir is null ? throw new FileNotFoundException($"tests/Sts.Benchmarks/Policy/{file} not found above {AppContext.BaseDirectory}") : Path.Combine(dir.FullName, "tests", "Sts.Benchmarks", "Policy", file);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var texts = root.GetProperty("PolicyInputList").EnumerateArray().Select(e => e.GetString()!).ToList();
        var policies = texts.Select((t, i) =>
        {
            var parsed = PolicyParser.Parse(t, PolicyKind.Identity, new PolicyParserOptions { SyntaxOnly = true });
            return parsed.IsValid ? CompiledPolicy.Compile(parsed.Document, $"PolicyInputList.{i + 1}", PolicySource.Identity) : throw new InvalidOperationException(parsed.FirstError?.Message);
        });
        RequestPrincipal.TryFromArn(root.GetProperty("CallerArn").GetString(), out var principal, out _);
        var builder = new RequestContextBuilder().WithPrincipal(principal!)
            .WithAction(root.GetProperty("ActionNames")[0].GetString()!)
            .WithResource(root.GetProperty("ResourceArns")[0].GetString()!);
        foreach (var entry in root.GetProperty("ContextEntries").EnumerateArray())
        {
            var type = entry.GetProperty("ContextKeyType").GetString()!.Replace("List", string.Empty, StringComparison.Ordinal) switch
            {
                "numeric" => ContextValueType.Numeric,
                "boolean" => ContextValueType.Boolean,
                "date" => ContextValueType.Date,
                "ip" => ContextValueType.IpAddress,
                "binary" => ContextValueType.Binary,
                _ => ContextValueType.String,
            };
            var values = entry.GetProperty("ContextKeyValues").EnumerateArray().Select(v => v.GetString()!).ToList();
            if (!builder.TryAdd(entry.GetProperty("ContextKeyName").GetString()!, type, values, out var error))
            {
                throw new InvalidOperationException(error);
            }
        }

        return (new PolicyEvaluationInput { IdentityPolicies = new PolicySet(policies) }, builder.Build(), texts[0]);
    }
}
