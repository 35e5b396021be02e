using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sts.Cli.Tests;

/// <summary>
/// Runs SimulateCorpus/aws-doc-cases.jsonl: each case is one simulate input line taken from a rule of
/// AWS's documentation (named in its Rule field) with the decisions AWS documents.
/// </summary>
public class SimulateCorpusTests
{
    private static readonly string CorpusPath = Path.Combine(TestContext.CurrentContext.TestDirectory, "SimulateCorpus", "aws-doc-cases.jsonl");

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var line in File.ReadLines(CorpusPath))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var node = JsonNode.Parse(line)!.AsObject();
            yield return new TestCaseData(line).SetName("Simulate_" + node["Case"]!.GetValue<string>());
        }
    }

    [Test]
    public void Corpus_HasAtLeastSixtyNamedCasesEachCitingARule()
    {
        var cases = File.ReadLines(CorpusPath).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        cases.Should().HaveCountGreaterThanOrEqualTo(60);
        cases.Select(c => c["Case"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
        cases.Should().OnlyContain(c => c["Rule"]!.GetValue<string>().StartsWith("https://docs.aws.amazon.com/", StringComparison.Ordinal));
    }

    [TestCaseSource(nameof(Cases))]
    public void Case_MatchesTheDocumentedDecision(string caseLine)
    {
        var testCase = JsonNode.Parse(caseLine)!.AsObject();
        var inputLine = testCase["RawLine"]?.GetValue<string>() ?? testCase["Input"]!.ToJsonString();
        var output = new SimulateEngine(SimulateTestParser.Parse).Process(inputLine);
        output.Should().NotBeNull();
        using var result = JsonDocument.Parse(output!);
        var expect = testCase["Expect"]!;
        if (expect is JsonObject error)
        {
            result.RootElement.TryGetProperty("Error", out var e).Should().BeTrue(output);
            e.GetProperty("Code").GetString().Should().Be(error["Error"]!.GetValue<string>(), output);
            e.GetProperty("Message").GetString().Should().NotBeNullOrWhiteSpace();
            return;
        }

        result.RootElement.TryGetProperty("EvaluationResults", out var results).Should().BeTrue(output);
        var decisions = results.EnumerateArray().Select(r => r.GetProperty("EvalDecision").GetString()).ToList();
        decisions.Should().Equal(expect.AsArray().Select(d => d!.GetValue<string>()), output);
        if (testCase["ExpectMissing"] is JsonArray missing)
        {
            results[0].GetProperty("MissingContextValues").EnumerateArray().Select(m => m.GetString())
                .Should().BeEquivalentTo(missing.Select(m => m!.GetValue<string>()), output);
        }
    }
}
