using System.Diagnostics;
using System.Text.Json;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;

namespace Sts.Core.Tests.Iam.Differential;

/// <summary>
/// SimulateCustomPolicy against @cloud-copilot/iam-simulate (tests/node/iam-simulate-oracle.mjs, an
/// independent implementation): every decision of every case in simulate-cases.json must agree.
/// </summary>
public sealed class IamSimulateOracleTests
{
    private static readonly string Folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Iam", "Differential");
    private static readonly Lazy<JsonElement[]> Cases = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "simulate-cases.json"))).RootElement.EnumerateArray().ToArray());
    private static readonly Lazy<string[]> OracleLines = new(RunOracle);

    public static IEnumerable<TestCaseData> CaseNames() =>
        Cases.Value.Select((c, i) => new TestCaseData(i).SetName($"SimulateCustomPolicy_{c.GetProperty("name").GetString()}_AgreesWithIamSimulate"));

    [TestCaseSource(nameof(CaseNames))]
    public async Task SimulateCustomPolicy_AgreesWithIamSimulate(int index)
    {
        var c = Cases.Value[index];
        var oracle = JsonDocument.Parse(OracleLines.Value[index]).RootElement;
        oracle.TryGetProperty("Decisions", out var expected).Should().BeTrue("the oracle answered {0}", OracleLines.Value[index]);
        var request = new SimulateCustomPolicyRequest(
            Strings(c, "PolicyInputList")!,
            Strings(c, "ActionNames")!,
            Strings(c, "ResourceArns"),
            Strings(c, "PermissionsBoundaryPolicyInputList"),
            c.TryGetProperty("CallerArn", out var caller) ? caller.GetString() : null,
            c.TryGetProperty("ContextEntries", out var entries)
                ? entries.EnumerateArray().Select(e => new SimulationContextEntry(e.GetProperty("ContextKeyName").GetString()!, Strings(e, "ContextKeyValues")!, e.GetProperty("ContextKeyType").GetString()!)).ToList()
                : null);
        var iam = new IamService(new InMemoryIamStore());

        var result = await iam.SimulateCustomPolicyAsync(IamPrincipal.Root(AccountId.Parse("123456789012")), request);

        result.Error.Should().BeNull();
        result.Value.Items.Select(r => r.EvalDecision).Should().Equal(expected.EnumerateArray().Select(d => d.GetString()));
    }

    private static List<string>? Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(v => v.GetString()!).ToList() : null;

    private static string[] RunOracle()
    {
        var nodeFolder = global::Sts.Core.Tests.WebIdentity.NodeTools.Directory;
        var start = new ProcessStartInfo("node", [Path.Combine(nodeFolder, "iam-simulate-oracle.mjs")])
        {
            WorkingDirectory = nodeFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started; it must be on PATH (tests/node: npm ci).");
        foreach (var c in Cases.Value)
        {
            var fields = c.EnumerateObject().Where(p => p.Name != "name").ToDictionary(p => p.Name, p => p.Value);
            process.StandardInput.WriteLine(JsonSerializer.Serialize(fields));
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"iam-simulate-oracle.mjs failed (run npm ci in tests/node): {error}");
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(Cases.Value.Length);
        return lines;
    }
}
