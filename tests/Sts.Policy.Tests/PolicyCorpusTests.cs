using System.Text.Json;
using Sts.Policy;

namespace Sts.Policy.Tests;

/// <summary>
/// Runs the policy corpus: AWS-captured documents from getmoto/moto's IAM tests, examples from AWS's IAM,
/// S3 and STS documentation, and one case per rule of our own. Each line of Corpus/*.jsonl holds the
/// rule it checks, the policy kind, whether the document is valid, the expected first error (substring)
/// and the document (as JSON, or as raw text for documents that are not JSON objects).
/// </summary>
public class PolicyCorpusTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Corpus");
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var corpus = Path.GetFileNameWithoutExtension(file);
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (line.Length == 0)
                {
                    continue;
                }

                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var rule = root.GetProperty("rule").GetString()!;
                var kind = Enum.Parse<PolicyKind>(root.GetProperty("kind").GetString()!, ignoreCase: true);
                var valid = root.GetProperty("valid").GetBoolean();
                var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
                var text = root.TryGetProperty("text", out var t) ? t.GetString()! : root.GetProperty("document").GetRawText();
                yield return new TestCaseData(new CorpusCase(kind, valid, message, text))
                    .SetName($"Corpus_{corpus}_{rule}_{(valid ? "IsValid" : "IsRejected")}")
                    .SetDescription($"{file}:{number}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Corpus(CorpusCase testCase)
    {
        var result = PolicyParser.Parse(testCase.Text, testCase.Kind);

        if (testCase.Valid)
        {
            result.IsValid.Should().BeTrue(because: "the document is valid, but got: {0}", string.Join(" | ", result.Findings.Select(f => f.Message)));
            result.Document!.Text.Should().Be(testCase.Text);
        }
        else
        {
            result.IsValid.Should().BeFalse();
            result.FirstError!.Message.Should().Contain(testCase.Message!);
        }
    }

    [Test]
    public void Corpus_HasAtLeastEightyCasesOfBothOutcomes()
    {
        var cases = Cases().Select(c => (CorpusCase)c.Arguments[0]!).ToList();
        cases.Should().HaveCountGreaterThanOrEqualTo(80);
        cases.Count(c => c.Valid).Should().BeGreaterThan(20);
        cases.Count(c => !c.Valid).Should().BeGreaterThan(60);
        cases.Where(c => !c.Valid).Should().OnlyContain(c => !string.IsNullOrEmpty(c.Message));
    }
}

/// <summary>One corpus case.</summary>
public sealed record CorpusCase(PolicyKind Kind, bool Valid, string? Message, string Text)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {(Valid ? "valid" : "invalid")}";
}
