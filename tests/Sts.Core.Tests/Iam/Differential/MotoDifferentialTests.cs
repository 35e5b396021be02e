using System.Diagnostics;
using System.Text.Json;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;

namespace Sts.Core.Tests.Iam.Differential;

/// <summary>
/// Runs the operation sequences of iam-scenarios.json against moto's IAM (python, an independent
/// implementation, through boto3) and against <see cref="IamService"/>, and compares every step's outcome
/// (OK or error code). Steps marked "aws" are known moto deviations: Sts must answer the AWS code given
/// there, and moto must still differ (so the list stays honest).
/// </summary>
public sealed class MotoDifferentialTests
{
    private static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Iam", "Differential");
    private static readonly Lazy<JsonDocument> Corpus = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "iam-scenarios.json"))));
    private static readonly Lazy<Dictionary<string, string[]>> MotoOutcomes = new(RunMoto);

    public static IEnumerable<TestCaseData> Scenarios() =>
        Corpus.Value.RootElement.GetProperty("scenarios").EnumerateArray()
            .Select(s => new TestCaseData(s.GetProperty("name").GetString()).SetName($"Scenario_{s.GetProperty("name").GetString()}_MatchesMotoOrKnownAwsDeviation"));

    [TestCaseSource(nameof(Scenarios))]
    public async Task Scenario_MatchesMoto(string name)
    {
        var scenario = Corpus.Value.RootElement.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        var documents = Corpus.Value.RootElement.GetProperty("documents");
        var moto = MotoOutcomes.Value[name];
        var iam = new IamService(new InMemoryIamStore());
        var root = IamPrincipal.Root(AccountId.Parse("123456789012"));
        var steps = scenario.GetProperty("steps").EnumerateArray().ToList();
        moto.Should().HaveCount(steps.Count);

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var ours = await RunAsync(iam, root, step.GetProperty("op").GetString()!, step.GetProperty("params"), documents);
            var where = $"step {i + 1} ({step.GetProperty("op").GetString()}) of {name}";
            if (step.TryGetProperty("aws", out var aws))
            {
                ours.Should().Be(aws.GetString(), "{0} is a known moto deviation where AWS answers {1}", where, aws.GetString());
                moto[i].Should().NotBe(aws.GetString(), "{0} is listed as a moto deviation; if moto now agrees, drop the 'aws' mark", where);
            }
            else
            {
                ours.Should().Be(moto[i], "{0} should answer as moto does", where);
            }
        }
    }

    private static Dictionary<string, string[]> RunMoto()
    {
        var start = new ProcessStartInfo("python3", [Path.Combine(Folder, "run_moto.py"), Path.Combine(Folder, "iam-scenarios.json")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started; it must be on PATH with boto3 and moto.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"run_moto.py failed (python3 needs boto3 and moto): {error}");
        }

        return JsonSerializer.Deserialize<Dictionary<string, string[]>>(output)!;
    }

    private static async Task<string> RunAsync(IamService iam, IamPrincipal root, string op, JsonElement p, JsonElement documents)
    {
        string S(string name) => p.TryGetProperty(name, out var v) ? Expand(v, documents) : null!;
        string? O(string name) => p.TryGetProperty(name, out var v) ? Expand(v, documents) : null;
        int? I(string name) => p.TryGetProperty(name, out var v) ? v.GetInt32() : null;
        List<IamTag> Tags() => p.GetProperty("Tags") is { ValueKind: JsonValueKind.String }
            ? Enumerable.Range(0, 50).Select(i => new IamTag($"k{i}", "v")).ToList()
            : p.GetProperty("Tags").EnumerateArray().Select(t => new IamTag(t.GetProperty("Key").GetString()!, t.GetProperty("Value").GetString()!)).ToList();

        StsError? error = op switch
        {
            "CreateRole" => (await iam.CreateRoleAsync(root, new CreateRoleRequest(S("RoleName"), S("AssumeRolePolicyDocument"), MaxSessionDuration: I("MaxSessionDuration")))).Error,
            "GetRole" => (await iam.GetRoleAsync(root, new GetRoleRequest(S("RoleName")))).Error,
            "DeleteRole" => (await iam.DeleteRoleAsync(root, new DeleteRoleRequest(S("RoleName")))).Error,
            "UpdateRole" => (await iam.UpdateRoleAsync(root, new UpdateRoleRequest(S("RoleName"), O("Description"), I("MaxSessionDuration")))).Error,
            "UpdateAssumeRolePolicy" => (await iam.UpdateAssumeRolePolicyAsync(root, new UpdateAssumeRolePolicyRequest(S("RoleName"), S("PolicyDocument")))).Error,
            "PutRolePolicy" => (await iam.PutRolePolicyAsync(root, new PutRolePolicyRequest(S("RoleName"), S("PolicyName"), S("PolicyDocument")))).Error,
            "GetRolePolicy" => (await iam.GetRolePolicyAsync(root, new GetRolePolicyRequest(S("RoleName"), S("PolicyName")))).Error,
            "DeleteRolePolicy" => (await iam.DeleteRolePolicyAsync(root, new DeleteRolePolicyRequest(S("RoleName"), S("PolicyName")))).Error,
            "TagRole" => (await iam.TagRoleAsync(root, new TagRoleRequest(S("RoleName"), Tags()))).Error,
            "UntagRole" => (await iam.UntagRoleAsync(root, new UntagRoleRequest(S("RoleName"), p.GetProperty("TagKeys").EnumerateArray().Select(k => k.GetString()!).ToList()))).Error,
            "CreatePolicy" => (await iam.CreatePolicyAsync(root, new CreatePolicyRequest(S("PolicyName"), S("PolicyDocument")))).Error,
            "DeletePolicy" => (await iam.DeletePolicyAsync(root, new DeletePolicyRequest(S("PolicyArn")))).Error,
            "CreatePolicyVersion" => (await iam.CreatePolicyVersionAsync(root, new CreatePolicyVersionRequest(S("PolicyArn"), S("PolicyDocument")))).Error,
            "DeletePolicyVersion" => (await iam.DeletePolicyVersionAsync(root, new DeletePolicyVersionRequest(S("PolicyArn"), S("VersionId")))).Error,
            "SetDefaultPolicyVersion" => (await iam.SetDefaultPolicyVersionAsync(root, new SetDefaultPolicyVersionRequest(S("PolicyArn"), S("VersionId")))).Error,
            "AttachRolePolicy" => (await iam.AttachRolePolicyAsync(root, new AttachRolePolicyRequest(S("RoleName"), S("PolicyArn")))).Error,
            "DetachRolePolicy" => (await iam.DetachRolePolicyAsync(root, new DetachRolePolicyRequest(S("RoleName"), S("PolicyArn")))).Error,
            "CreateUser" => (await iam.CreateUserAsync(root, new CreateUserRequest(S("UserName")))).Error,
            "DeleteUser" => (await iam.DeleteUserAsync(root, new DeleteUserRequest(S("UserName")))).Error,
            "CreateAccessKey" => (await iam.CreateAccessKeyAsync(root, new CreateAccessKeyRequest(O("UserName")))).Error,
            "PutUserPolicy" => (await iam.PutUserPolicyAsync(root, new PutUserPolicyRequest(S("UserName"), S("PolicyName"), S("PolicyDocument")))).Error,
            "DeleteUserPolicy" => (await iam.DeleteUserPolicyAsync(root, new DeleteUserPolicyRequest(S("UserName"), S("PolicyName")))).Error,
            _ => throw new InvalidOperationException($"The runner does not know operation '{op}'."),
        };
        return error?.Code ?? "OK";
    }

    private static string Expand(JsonElement value, JsonElement documents)
    {
        var text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()!;
        return documents.TryGetProperty(text, out var document) ? document.GetRawText() : text;
    }
}
