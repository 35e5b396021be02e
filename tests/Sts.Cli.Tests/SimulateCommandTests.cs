using System.Text.Json;

namespace Sts.Cli.Tests;

/// <summary>The <c>sts policy simulate</c> command: JSON Lines in, JSON Lines out, exit 0 once every line was read.</summary>
public class SimulateCommandTests
{
    private const string Allow = "{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"s3:Get*\\\",\\\"Resource\\\":\\\"*\\\"}}";

    private static (int Code, string[] Lines, string Error) Run(string input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(["policy", "simulate", .. args], new StringReader(input), stdout, stderr);
        return (code, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    [Test]
    public void Simulate_MixedLines_OneOutputPerNonBlankLineInOrderAndExitZero()
    {
        var input = string.Join('\n',
            $$"""{"PolicyInputList":["{{Allow}}"],"ActionNames":["s3:GetObject","s3:PutObject"],"ResourceArns":["arn:aws:s3:::b/x","arn:aws:s3:::b/y"]}""",
            "",
            "   ",
            "not json",
            """{"PolicyInputList":[]}""",
            """{"PolicyInputList":["{\"Statement\":"],"ActionNames":["s3:GetObject"]}""",
            $$"""{"PolicyInputList":["{{Allow}}"],"ActionNames":["s3:GetObject"]}""");
        var (code, lines, _) = Run(input);
        code.Should().Be(0);
        lines.Should().HaveCount(5);

        using var first = JsonDocument.Parse(lines[0]);
        var results = first.RootElement.GetProperty("EvaluationResults").EnumerateArray().ToList();
        results.Select(r => (r.GetProperty("EvalActionName").GetString(), r.GetProperty("EvalResourceName").GetString(), r.GetProperty("EvalDecision").GetString()))
            .Should().Equal(
                ("s3:GetObject", "arn:aws:s3:::b/x", "allowed"),
                ("s3:GetObject", "arn:aws:s3:::b/y", "allowed"),
                ("s3:PutObject", "arn:aws:s3:::b/x", "implicitDeny"),
                ("s3:PutObject", "arn:aws:s3:::b/y", "implicitDeny"));
        results[0].GetProperty("MatchedStatements")[0].GetProperty("SourcePolicyId").GetString().Should().Be("PolicyInputList.1");
        results[0].GetProperty("MatchedStatements")[0].GetProperty("SourcePolicyType").GetString().Should().Be("IAM Policy");
        results[2].GetProperty("MatchedStatements").GetArrayLength().Should().Be(0);
        results[0].GetProperty("MissingContextValues").GetArrayLength().Should().Be(0);

        ErrorCode(lines[1]).Should().Be("InvalidInput");
        ErrorCode(lines[2]).Should().Be("InvalidInput");
        ErrorMessage(lines[2]).Should().Contain("ActionNames");
        ErrorCode(lines[3]).Should().Be("MalformedPolicyDocument");
        ErrorMessage(lines[3]).Should().StartWith("PolicyInputList.1: ");
        JsonDocument.Parse(lines[4]).RootElement.GetProperty("EvaluationResults")[0].GetProperty("EvalResourceName").GetString().Should().Be("*");
    }

    [Test]
    public void Simulate_ResourcePolicyAndBoundary_ReportsAwsPolicyIds()
    {
        var resource = "{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":{\\\"Effect\\\":\\\"Deny\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"*\\\"}}";
        var line = $$"""{"PolicyInputList":["{{Allow}}"],"PermissionsBoundaryPolicyInputList":["{{Allow}}"],"ResourcePolicy":"{{resource}}","CallerArn":"arn:aws:iam::111122223333:user/alice","ActionNames":["s3:GetObject","s3:GetBucketAcl"]}""";
        var (_, lines, _) = Run(line);
        using var json = JsonDocument.Parse(lines.Single());
        var results = json.RootElement.GetProperty("EvaluationResults");
        results[0].GetProperty("EvalDecision").GetString().Should().Be("explicitDeny");
        results[0].GetProperty("MatchedStatements").EnumerateArray().Select(m => (m.GetProperty("SourcePolicyId").GetString(), m.GetProperty("SourcePolicyType").GetString()))
            .Should().Equal(("ResourcePolicy", "Resource Policy"));
        results[1].GetProperty("EvalDecision").GetString().Should().Be("allowed");
        results[1].GetProperty("MatchedStatements").EnumerateArray().Select(m => m.GetProperty("SourcePolicyId").GetString())
            .Should().BeEquivalentTo("PolicyInputList.1", "PermissionsBoundaryPolicyInputList.1");
    }

    [Test]
    public void Simulate_FromFile_ReadsTheFile()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"simulate-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, $$"""{"PolicyInputList":["{{Allow}}"],"ActionNames":["s3:GetObject"]}""" + "\n");
        try
        {
            var (code, lines, _) = Run(string.Empty, "--input", path);
            code.Should().Be(0);
            lines.Should().ContainSingle().Which.Should().Contain("\"allowed\"");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Simulate_MissingFile_IsAUsageError()
    {
        var (code, _, error) = Run(string.Empty, "--input", "/nonexistent/requests.jsonl");
        code.Should().Be(CommandLine.UsageError);
        error.Should().Contain("cannot read '/nonexistent/requests.jsonl'");
    }

    [Test]
    public void Simulate_UnknownArgument_IsAUsageError()
    {
        var (code, _, error) = Run(string.Empty, "--frobnicate");
        code.Should().Be(CommandLine.UsageError);
        error.Should().Contain("unexpected argument '--frobnicate'").And.Contain("sts policy simulate");
    }

    [Test]
    public void Simulate_BadContextValue_IsInvalidInputQuotingTheValue()
    {
        var line = $$"""{"PolicyInputList":["{{Allow}}"],"ActionNames":["s3:GetObject"],"ContextEntries":[{"ContextKeyName":"aws:CurrentTime","ContextKeyValues":["next tuesday"],"ContextKeyType":"date"}]}""";
        var (_, lines, _) = Run(line);
        ErrorCode(lines.Single()).Should().Be("InvalidInput");
        ErrorMessage(lines.Single()).Should().Contain("aws:CurrentTime").And.Contain("'next tuesday'").And.Contain("not a valid date");
    }

    [TestCase("""{"ActionNames":["s3:GetObject"],"ContextEntries":[{"ContextKeyName":"a:x","ContextKeyValues":["a"],"ContextKeyType":"string"}]}""", "ContextKeyName")]
    [TestCase("""{"ActionNames":["s3:GetObject"],"ContextEntries":[{"ContextKeyName":"aws:SourceIp","ContextKeyValues":["1.2.3.4"],"ContextKeyType":"ipv4"}]}""", "ContextKeyType")]
    [TestCase("""{"ActionNames":["s3:GetObject"],"ContextEntries":[{"ContextKeyName":"aws:SourceIp","ContextKeyValues":["1.2.3.4","5.6.7.8"],"ContextKeyType":"ip"}]}""", "takes one value")]
    [TestCase("""{"ActionNames":["s3:GetObject"],"CallerArn":"arn:aws:iam::111122223333:role/app"}""", "CallerArn")]
    [TestCase("""{"ActionNames":["s3:GetObject"],"ResourceOwner":"bob"}""", "ResourceOwner")]
    [TestCase("""{"ActionNames":["s"]}""", "ActionNames")]
    [TestCase("""{"ActionNames":"s3:GetObject"}""", "ActionNames")]
    [TestCase("""[1,2]""", "JSON object")]
    public void Simulate_InvalidRequest_IsInvalidInputNamingTheField(string line, string expected)
    {
        var (code, lines, _) = Run(line);
        code.Should().Be(0);
        ErrorCode(lines.Single()).Should().Be("InvalidInput");
        ErrorMessage(lines.Single()).Should().Contain(expected);
    }

    private static string? ErrorCode(string line) => JsonDocument.Parse(line).RootElement.GetProperty("Error").GetProperty("Code").GetString();

    private static string? ErrorMessage(string line) => JsonDocument.Parse(line).RootElement.GetProperty("Error").GetProperty("Message").GetString();
}
