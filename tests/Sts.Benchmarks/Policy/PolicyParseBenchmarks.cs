// Run: dotnet run -c Release --project tests/Sts.Benchmarks -- --filter '*PolicyParseBenchmarks*' --job short
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Sts.Policy;

namespace Sts.Benchmarks.Policy;

/// <summary>
/// Parse and validate a typical ~2 KB identity policy of 10 statements with conditions (target: at most
/// 20 µs median, 8 KB allocated), next to <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> of
/// the same text: the floor for a parser built on JsonDocument.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PolicyParseBenchmarks
{
    private string text = string.Empty;

    /// <summary>The text's length in characters, to show the input is the typical size.</summary>
    public static int Length => BuildPolicy().Length;

    [GlobalSetup]
    public void Setup()
    {
        text = BuildPolicy();
        var result = PolicyParser.Parse(text, PolicyKind.Identity);
        if (!result.IsValid || result.Document.Statements.Length != 10)
        {
            throw new InvalidOperationException("The benchmark policy must be valid: " + string.Join(" | ", result.Findings));
        }
    }

    [Benchmark(Baseline = true)]
    public PolicyParseResult ParseAndValidate() => PolicyParser.Parse(text, PolicyKind.Identity);

    [Benchmark]
    public JsonDocument JsonDocumentParse()
    {
        var document = JsonDocument.Parse(text);
        document.Dispose();
        return document;
    }

    internal static string BuildPolicy()
    {
        var statements = new StringBuilder();
        string[] actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetObjectVersion"];
        for (var i = 0; i < 10; i++)
        {
            if (i > 0)
            {
                statements.Append(',');
            }

            var condition = (i % 3) switch
            {
                0 => "\"StringLike\":{\"s3:prefix\":[\"home/${aws:username}/*\",\"shared/*\"]}",
                1 => "\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.0.2.0/24\"]},\"Bool\":{\"aws:SecureTransport\":\"true\"}",
                _ => "\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"},\"NumericLessThanEquals\":{\"s3:max-keys\":\"1000\"}",
            };
            statements.Append("{\"Sid\":\"Statement" + i + "\",\"Effect\":\"" + (i == 9 ? "Deny" : "Allow") + "\",")
                .Append("\"Action\":[\"" + actions[i % 5] + "\",\"" + actions[(i + 1) % 5] + "\"],")
                .Append("\"Resource\":[\"arn:aws:s3:::bucket-" + i + "\",\"arn:aws:s3:::bucket-" + i + "/*\"],")
                .Append("\"Condition\":{" + condition + "}}");
        }

        return "{\"Version\":\"2012-10-17\",\"Id\":\"typical-policy\",\"Statement\":[" + statements + "]}";
    }
}
