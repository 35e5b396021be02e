using System.Text;
using CsCheck;
using Sts.Policy;

namespace Sts.Policy.Tests;

/// <summary>Any byte sequence yields a result with errors: never an exception, never a hang. Limits come before parsing.</summary>
public class PolicyParserBadInputTests
{
    private static readonly PolicyKind[] Kinds = [PolicyKind.Identity, PolicyKind.Resource, PolicyKind.Trust, PolicyKind.Session];

    private static List<byte[]> Seeds() =>
        PolicyCorpusTests.Cases().Select(c => (CorpusCase)c.Arguments[0]!).Where(c => c.Valid).Select(c => Encoding.UTF8.GetBytes(c.Text)).ToList();

    [Test]
    public void Parse_RandomlyMutatedValidPolicies_AlwaysReturnsAResult()
    {
        var seeds = Seeds();
        var mutation = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 6]);
        mutation.Sample(
            m =>
            {
                var (seed, operation, position, length, bytes) = m;
                var mutated = Mutate(seeds[seed], operation, position, length, bytes);
                foreach (var kind in Kinds)
                {
                    AssertWellFormed(PolicyParser.Parse(mutated, kind));
                    AssertWellFormed(PolicyParser.Parse(Encoding.UTF8.GetString(mutated), kind));
                }

                AssertWellFormed(PolicyParser.Parse(mutated, PolicyKind.Identity, new PolicyParserOptions { SyntaxOnly = true }));
            },
            iter: 2000);
    }

    [Test]
    public void Parse_InvalidLiteralSpanningANewline_GivesAOneLineMessage()
    {
        // Found by the mutation test (seed 1OckZk77AyP3): the JSON reader's message quotes raw input, newline included.
        var result = PolicyParser.Parse("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": f\nW \"Allow\", \"Action\": \"s3:ListBucket\"}}", PolicyKind.Identity);

        result.IsValid.Should().BeFalse();
        result.FirstError!.Message.Should().StartWith("Syntax errors in policy.").And.NotContain("\n");
        AssertWellFormed(result);
    }

    [Test]
    public void Parse_RandomBytes_AlwaysReturnsAResult()
    {
        Gen.Byte.Array[0, 300].Sample(bytes => AssertWellFormed(PolicyParser.Parse(bytes, PolicyKind.Identity)), iter: 4000);
    }

    [Test]
    public void Parse_Nesting10000Deep_IsRejectedAsSyntaxError()
    {
        var text = new string('[', 10_000) + new string(']', 10_000);
        var nestedInCondition = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a:b":""" + text + "}}}}";

        PolicyParser.Parse(text, PolicyKind.Resource).FirstError!.Message.Should().StartWith("Syntax errors in policy.");
        PolicyParser.Parse(nestedInCondition, PolicyKind.Resource, new PolicyParserOptions { SyntaxOnly = true }).FirstError!.Message.Should().StartWith("Syntax errors in policy.");
        var deepObjects = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
        PolicyParser.ParseLenient(deepObjects).FirstError!.Message.Should().StartWith("Syntax errors in policy.");
    }

    [Test]
    public void Parse_MaxDepthExceeded_SaysSo()
    {
        var deep = """{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":{"StringEquals":{"a:b":[[[[["x"]]]]]}}}}""";

        PolicyParser.ParseLenient(deep).FirstError!.Message.Should().Contain("must be strings, numbers or booleans, not an array");
        PolicyParser.ParseLenient("""{"Id":""" + new string('[', 9) + new string(']', 9) + "}").FirstError!.Message.Should().Contain("Id must be a string, not an array");
    }

    [Test]
    public void Parse_TenMegabyteDocument_IsRejectedBeforeParsing()
    {
        var huge = "{\"Version\":\"2012-10-17\",\"Id\":\"" + new string('a', 10 * 1024 * 1024) + "\"}";

        foreach (var kind in Kinds)
        {
            var result = PolicyParser.Parse(huge, kind);
            result.FirstError!.Code.Should().Be("ValidationError");
            result.FirstError.Message.Should().Contain("Member must have length less than or equal to 131072");
            PolicyParser.Parse(Encoding.UTF8.GetBytes(huge), kind).FirstError!.Message.Should().Contain("131072");
        }
    }

    [Test]
    public void Parse_HugeArrays_AreRejected()
    {
        var numbers = "[" + string.Join(",", Enumerable.Repeat("1", 60_000)) + "]";
        var actions = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*","Action":[""" + string.Join(",", Enumerable.Repeat("\"s3:GetObject\"", 9000)) + "]}}";

        PolicyParser.Parse(numbers, PolicyKind.Identity).FirstError!.Code.Should().Be("LimitExceeded");
        PolicyParser.ParseLenient(numbers).FirstError!.Message.Should().Contain("The policy must be a JSON object, not an array");
        PolicyParser.Parse(actions, PolicyKind.Identity).FirstError!.Code.Should().Be("ValidationError");
        var fewer = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*","Action":[""" + string.Join(",", Enumerable.Repeat("\"s3:GetObject\"", 8000)) + "]}}";
        fewer.Length.Should().BeLessThan(PolicyLimits.MaxDocumentLength);
        PolicyParser.Parse(fewer, PolicyKind.Identity).FirstError!.Code.Should().Be("LimitExceeded");
        PolicyParser.ParseLenient(fewer).Document!.Statements[0].Action!.Patterns.Should().HaveCount(8000);
    }

    [Test]
    public void Parse_ThousandsOfBadStatements_ReportsAtMostOneHundredDistinctErrors()
    {
        var statements = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"{{\"Effect\":\"Allow\",\"Action\":\"x{i}:a:b\",\"Resource\":\"r{i}\"}}"));
        var text = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";

        var result = PolicyParser.Parse(text, PolicyKind.Identity, new PolicyParserOptions { MaxIdentityPolicyLength = PolicyLimits.MaxDocumentLength });

        result.IsValid.Should().BeFalse();
        result.Findings.Should().HaveCount(100);
        result.FirstError!.Message.Should().Be("Resource r0 must be in ARN format or \"*\".");
        result.Findings.Select(f => f.Message).Should().OnlyHaveUniqueItems();
    }

    [TestCase("""{"Version":2012,"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", "Version must be a string, not a number")]
    [TestCase("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*",7],"Resource":"*"}}""", "Action entries must be strings, not a number")]
    [TestCase("""{"Version":"2012-10-17","Statement":{"Sid":1,"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", "Sid must be a string, not a number")]
    [TestCase("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":null}}""", "Resource must be a string or an array of strings, not null")]
    [TestCase("""{"Version":"2012-10-17","Statement":42}""", "Statement must be an object or an array of objects, not a number")]
    public void Parse_NumbersOrNullWhereStringsBelong_AreSyntaxErrors(string text, string reason)
    {
        var result = PolicyParser.Parse(text, PolicyKind.Identity);

        result.FirstError!.Message.Should().Be($"Syntax errors in policy. {reason} at line 1.");
    }

    private static byte[] Mutate(byte[] seed, int operation, int position, int length, byte[] bytes)
    {
        var at = seed.Length == 0 ? 0 : position % seed.Length;
        var list = seed.ToList();
        switch (operation)
        {
            case 0:
                for (var i = 0; i < bytes.Length && at + i < list.Count; i++)
                {
                    list[at + i] ^= (byte)(bytes[i] | 1);
                }

                break;
            case 1:
                list.RemoveRange(at, list.Count - at);
                break;
            case 2:
                list.InsertRange(at, bytes);
                break;
            case 3:
                var count = Math.Min(1 + (length % 40), list.Count - at);
                list.InsertRange(at, list.GetRange(at, count));
                break;
            default:
                list.RemoveRange(at, Math.Min(1 + (length % 20), list.Count - at));
                break;
        }

        return [.. list];
    }

    private static void AssertWellFormed(PolicyParseResult result)
    {
        if (result.IsValid)
        {
            result.Findings.Where(f => f.Severity == PolicyFindingSeverity.Error).Should().BeEmpty();
            return;
        }

        if (result.FirstError is null || result.Findings.Any(f => f.Message.Length == 0 || f.Message.Contains('\n', StringComparison.Ordinal)))
        {
            Assert.Fail("An invalid result must have an error and one-line messages: " + string.Join(" | ", result.Findings));
        }
    }
}
