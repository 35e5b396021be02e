using System.Text;
using Sts.Policy;

namespace Sts.Policy.Tests;

public class PolicyParserTests
{
    private const string Sample = """
        {
          "Version": "2012-10-17",
          "Id": "doc-1",
          "Statement": [
            {
              "Sid": "ReadOwn",
              "Effect": "Allow",
              "Action": ["s3:GetObject", "s3:ListBucket"],
              "Resource": "arn:aws:s3:::bucket/${aws:username}/*",
              "Condition": {
                "StringLike": { "s3:prefix": ["home/", "home/${aws:username}/*"] },
                "ForAnyValue:StringEqualsIfExists": { "aws:TagKeys": "team" },
                "NumericLessThan": { "s3:max-keys": 10 },
                "Bool": { "aws:SecureTransport": true }
              }
            },
            { "Effect": "Deny", "NotAction": "s3:*", "NotResource": ["arn:aws:s3:::a", "arn:aws:s3:::b"] }
          ]
        }
        """;

    [Test]
    public void Parse_IdentityPolicy_BuildsTheModel()
    {
        var result = PolicyParser.Parse(Sample, PolicyKind.Identity);

        result.IsValid.Should().BeTrue();
        var document = result.Document!;
        document.Text.Should().BeSameAs(Sample);
        document.Kind.Should().Be(PolicyKind.Identity);
        document.Version.Should().Be(PolicyVersion.V20121017);
        document.Id.Should().Be("doc-1");
        document.Statements.Should().HaveCount(2);

        var first = document.Statements[0];
        first.Index.Should().Be(0);
        first.Sid.Should().Be("ReadOwn");
        first.Effect.Should().Be(PolicyEffect.Allow);
        first.Principal.Should().BeNull();
        first.Action!.IsNot.Should().BeFalse();
        first.Action.Patterns.Should().Equal("s3:GetObject", "s3:ListBucket");
        first.Resource!.Patterns.Should().Equal("arn:aws:s3:::bucket/${aws:username}/*");
        first.Conditions.Select(c => (c.Operator.Text, c.Key)).Should().Equal(
            ("StringLike", "s3:prefix"), ("ForAnyValue:StringEqualsIfExists", "aws:TagKeys"), ("NumericLessThan", "s3:max-keys"), ("Bool", "aws:SecureTransport"));
        first.Conditions[0].Values.Should().Equal(new ConditionValue(ConditionValueKind.String, "home/"), new ConditionValue(ConditionValueKind.String, "home/${aws:username}/*"));
        first.Conditions[1].Operator.Qualifier.Should().Be(SetQualifier.ForAnyValue);
        first.Conditions[1].Operator.IfExists.Should().BeTrue();
        first.Conditions[2].Values.Should().Equal(new ConditionValue(ConditionValueKind.Number, "10"));
        first.Conditions[3].Values.Should().Equal(new ConditionValue(ConditionValueKind.Boolean, "true"));

        var second = document.Statements[1];
        second.Index.Should().Be(1);
        second.Effect.Should().Be(PolicyEffect.Deny);
        second.Action!.IsNot.Should().BeTrue();
        second.Resource!.IsNot.Should().BeTrue();
        second.Resource.Patterns.Should().Equal("arn:aws:s3:::a", "arn:aws:s3:::b");
    }

    [Test]
    public void Parse_Utf8Bytes_GivesTheSameDocumentAsText()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Sample)).ToArray();

        var result = PolicyParser.Parse(bytes, PolicyKind.Identity);

        result.IsValid.Should().BeTrue();
        result.Document!.Text.Should().Be(Sample);
        result.Document.ToCanonicalJson().Should().Be(PolicyParser.Parse(Sample, PolicyKind.Identity).Document!.ToCanonicalJson());
    }

    [Test]
    public void Parse_InvalidUtf8_ReturnsSyntaxErrorWithOffset()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"Version\":\"2012-10-17\",\"Id\":\"x\"}").ToList();
        bytes.Insert(30, 0xC3);

        var result = PolicyParser.Parse(bytes.ToArray(), PolicyKind.Identity);

        result.IsValid.Should().BeFalse();
        result.FirstError!.Code.Should().Be("MalformedPolicyDocument");
        result.FirstError.Message.Should().Be("Syntax errors in policy. The document is not valid UTF-8 (byte offset 30).");
    }

    [Test]
    public void Parse_UnpairedSurrogate_ReturnsSyntaxError()
    {
        var result = PolicyParser.Parse("{\"Id\":\"\uD800\"}", PolicyKind.Resource);

        result.FirstError!.Message.Should().Contain("unpaired UTF-16 surrogate");
        result.FirstError.Code.Should().Be("MalformedPolicy");
    }

    [Test]
    public void Parse_TrustPolicyOverDefaultQuota_AcceptedWhenHostRaisesQuota()
    {
        var principals = string.Join(",", Enumerable.Range(0, 60).Select(i => $"\"arn:aws:iam::111122223333:user/user{i:D4}\""));
        var text = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[" + principals + "]},\"Action\":\"sts:AssumeRole\"}}";

        var byDefault = PolicyParser.Parse(text, PolicyKind.Trust);
        var raised = PolicyParser.Parse(text, PolicyKind.Trust, new PolicyParserOptions { MaxTrustPolicyLength = 4096 });

        byDefault.FirstError!.Code.Should().Be("LimitExceeded");
        byDefault.FirstError.Message.Should().StartWith("Cannot exceed quota for ACLSizePerRole: 2048");
        raised.IsValid.Should().BeTrue();
    }

    [Test]
    public void Parse_WhitespaceIsNotCountedForIdentityQuota()
    {
        var text = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";
        var padded = text.Replace(",", "," + new string(' ', 3000), StringComparison.Ordinal);
        var options = new PolicyParserOptions { MaxIdentityPolicyLength = PolicyLimits.UserInlinePolicyLength };

        PolicyParser.Parse(padded, PolicyKind.Identity, options).IsValid.Should().BeTrue();
        PolicyParser.Parse(text, PolicyKind.Identity, new PolicyParserOptions { MaxIdentityPolicyLength = 50 }).FirstError!.Message
            .Should().StartWith("Cannot exceed quota for PolicySize: 50");
    }

    [TestCase(2047)]
    [TestCase(4097)]
    public void Parse_TrustQuotaOutOfRange_Throws(int quota)
    {
        FluentActions.Invoking(() => PolicyParser.Parse("{}", PolicyKind.Trust, new PolicyParserOptions { MaxTrustPolicyLength = quota }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxTrustPolicyLength");
    }

    [Test]
    public void Parse_SyntaxOnly_AcceptsAnyVersionAndKindRulesButNotBadSyntax()
    {
        const string Old = """{"Version":"2008-10-17","Statement":{"Sid":"free text","Effect":"Allow","Principal":"*","Action":"foo","Resource":"bar"}}""";
        const string NoVersion = """{"Statement":{"Effect":"Deny","Action":"s3:*"}}""";
        const string Duplicate = """{"Statement":{"Effect":"Deny","Effect":"Allow","Action":"s3:*"}}""";
        var options = new PolicyParserOptions { SyntaxOnly = true };

        PolicyParser.Parse(Old, PolicyKind.Identity).IsValid.Should().BeFalse();
        PolicyParser.Parse(Old, PolicyKind.Identity, options).Document!.Version.Should().Be(PolicyVersion.V20081017);
        PolicyParser.ParseLenient(NoVersion).Document!.Version.Should().Be(PolicyVersion.Unspecified);
        PolicyParser.ParseLenient(Duplicate).FirstError!.Message.Should().Be("Syntax errors in policy. Duplicate key \"Effect\" at line 1.");
        PolicyParser.ParseLenient("""{"Statement":{"Effect":"allow","Action":"s3:*"}}""").IsValid.Should().BeFalse();
    }

    [Test]
    public void Parse_DuplicateKey_ReportsKeyAndLine()
    {
        const string Text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Effect\": \"Deny\",\n    \"Action\": \"s3:*\", \"Resource\": \"*\"\n  }\n}";

        var result = PolicyParser.Parse(Text, PolicyKind.Identity);

        result.Findings.Should().ContainSingle().Which.Should().Be(
            new PolicyFinding(PolicyFindingSeverity.Error, "MalformedPolicyDocument", "Syntax errors in policy. Duplicate key \"Effect\" at line 5."));
    }

    [Test]
    public void Parse_SeveralErrors_ReportsAllInAwsOrder()
    {
        const string Text = """{"Statement":[{"Effect":"Allow","Action":"nocolon","Resource":"bad"},{"Sid":"a","Effect":"Allow","Action":"s3:x"},{"Sid":"a","Effect":"Allow","Action":"s3:x","Resource":"*"}]}""";

        var result = PolicyParser.Parse(Text, PolicyKind.Identity);

        result.Findings.Select(f => f.Message).Should().Equal(
            "Policy document must be version 2012-10-17 or greater.",
            "Statement IDs (SID) in a single policy must be unique.",
            "Resource bad must be in ARN format or \"*\".",
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
            "Policy statement must contain resources.");
    }

    [Test]
    public void Parse_RiskyDocuments_AreValidWithWarnings()
    {
        const string Text = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"*","Resource":"*"},
              {"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"}]}
            """;

        var result = PolicyParser.Parse(Text, PolicyKind.Identity);

        result.IsValid.Should().BeTrue();
        result.Findings.Where(f => f.Severity == PolicyFindingSeverity.Error).Should().BeEmpty();
        result.Findings.Select(f => f.Code).Should().Equal("AllowAllActionsOnAllResources", "AllowWithNotAction", "AllowWithNotResource");
    }

    [Test]
    public void Parse_WildcardPrincipal_WarnsOnlyWithoutCondition()
    {
        const string Open = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}""";
        const string Guarded = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}""";

        PolicyParser.Parse(Open, PolicyKind.Resource).Findings.Should().ContainSingle().Which.Code.Should().Be("WildcardPrincipalWithoutCondition");
        PolicyParser.Parse(Guarded, PolicyKind.Resource).Findings.Should().BeEmpty();
    }

    [Test]
    public void Parse_SamplePolicies_AreValidForTheirKind()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples");
        var kinds = new Dictionary<string, PolicyKind>
        {
            ["s3-read-own-prefix.json"] = PolicyKind.Identity,
            ["bucket-public-read.json"] = PolicyKind.Resource,
            ["trust-web-identity.json"] = PolicyKind.Trust,
            ["session-read-only.json"] = PolicyKind.Session,
        };

        foreach (var (file, kind) in kinds)
        {
            var result = PolicyParser.Parse(File.ReadAllText(Path.Combine(folder, file)), kind);
            result.IsValid.Should().BeTrue(because: file);
        }

        File.ReadAllText(Path.Combine(folder, "s3-read-own-prefix.json")).Should().Contain("${aws:username}");
    }
}
