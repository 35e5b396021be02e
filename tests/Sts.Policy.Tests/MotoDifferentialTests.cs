using System.Diagnostics;
using System.Text.Json;
using Sts.Policy;

namespace Sts.Policy.Tests;

/// <summary>
/// Differential test against an independent implementation: getmoto/moto's IAM policy validator (built
/// from AWS-captured responses), run through the python3 on PATH. For every identity document of the
/// moto and AWS-documentation corpora, both must agree on validity, and our first error must start with
/// moto's message. python3 with moto is a prerequisite installed by CI; without it the test fails.
/// </summary>
public class MotoDifferentialTests
{
    /// <summary>Where we knowingly differ from moto, and why. Each must really differ, so the list stays honest.</summary>
    private static readonly Dictionary<string, string> KnownDivergences = new(StringComparer.Ordinal)
    {
        ["identity-numeric-json-number"] = "AWS accepts JSON numbers as condition values (ConditionValueKind.Number); moto refuses them",
    };

    private const string Script = """
        import json, sys
        from moto.iam.policy_validation import IAMPolicyDocumentValidator
        for line in sys.stdin:
            text = json.loads(line)
            try:
                IAMPolicyDocumentValidator(text).validate()
                print(json.dumps({"ok": True, "message": ""}))
            except Exception as e:
                print(json.dumps({"ok": False, "message": getattr(e, "message", str(e))}))
            sys.stdout.flush()
        """;

    [Test]
    public void Parse_IdentityCorpus_AgreesWithMotoValidator()
    {
        var cases = PolicyCorpusTests.Cases()
            .Where(c => !c.TestName!.StartsWith("Corpus_rules_", StringComparison.Ordinal))
            .Select(c => (Name: c.TestName!, Case: (CorpusCase)c.Arguments[0]!))
            .Where(c => c.Case.Kind == PolicyKind.Identity)
            .ToList();
        cases.Should().HaveCountGreaterThan(100);

        var moto = RunMoto(cases.Select(c => c.Case.Text).ToList());

        var disagreements = new List<string>();
        var divergent = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var (name, testCase) = cases[i];
            var ours = PolicyParser.Parse(testCase.Text, PolicyKind.Identity);
            var (motoValid, motoMessage) = moto[i];
            var agree = ours.IsValid == motoValid && (motoValid || ours.FirstError!.Message.StartsWith(motoMessage, StringComparison.Ordinal));
            var rule = KnownDivergences.Keys.FirstOrDefault(k => name.Contains($"_{k}_", StringComparison.Ordinal));
            if (rule is not null)
            {
                if (!agree)
                {
                    divergent.Add(rule);
                }

                continue;
            }

            if (!agree)
            {
                disagreements.Add($"{name}: moto {(motoValid ? "valid" : motoMessage)}; ours {(ours.IsValid ? "valid" : ours.FirstError!.Message)}");
            }
        }

        disagreements.Should().BeEmpty();
        divergent.Should().BeEquivalentTo(KnownDivergences.Keys);
    }

    private static List<(bool Valid, string Message)> RunMoto(List<string> texts)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var text in texts)
        {
            process.StandardInput.WriteLine(JsonSerializer.Serialize(text));
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail("python3 with moto did not finish within 120 s");
        }

        process.ExitCode.Should().Be(0, because: "python3 must have moto installed: " + stderr.Result);
        var results = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                return (json.RootElement.GetProperty("ok").GetBoolean(), json.RootElement.GetProperty("message").GetString()!);
            })
            .ToList();
        results.Should().HaveCount(texts.Count);
        return results;
    }
}
