using Sts.Policy.Evaluation;
using static Sts.Policy.Tests.Evaluation.EvaluationTestKit;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>Malformed context values give a clear error at the builder, or a documented non-match in the evaluator; never an exception.</summary>
public class BadInputTests
{
    [TestCase(ContextValueType.Date, "yesterday", "is not a valid date")]
    [TestCase(ContextValueType.Date, "2024-13-01T00:00:00Z", "is not a valid date")]
    [TestCase(ContextValueType.IpAddress, "10.0.0.300", "is not a valid IP address")]
    [TestCase(ContextValueType.IpAddress, "10.1", "is not a valid IP address")]
    [TestCase(ContextValueType.IpAddress, "10.0.0.0/8", "is not a valid IP address")]
    [TestCase(ContextValueType.Numeric, "12abc", "is not a valid number")]
    [TestCase(ContextValueType.Boolean, "yes", "is not a valid boolean")]
    [TestCase(ContextValueType.Binary, "not base64!", "is not a valid base64")]
    public void TryAdd_WithMalformedValue_ReturnsErrorNamingKeyAndValue(ContextValueType type, string value, string expected)
    {
        var builder = Request();
        builder.TryAdd("test:key", type, [value], out var error).Should().BeFalse();
        error.Should().Contain("'test:key'").And.Contain($"'{value}'").And.Contain(expected);
        builder.Build().GetValues("test:key").Should().BeEmpty("nothing is added when a value is bad");
    }

    [Test]
    public void TryAdd_TruncatesLongValuesInMessages()
    {
        Request().TryAdd("test:key", ContextValueType.Date, [new string('x', 500)], out var error).Should().BeFalse();
        error!.Length.Should().BeLessThan(250);
    }

    [TestCase("NumericEquals", "\"5\"")]
    [TestCase("DateLessThan", "\"2030-01-01T00:00:00Z\"")]
    [TestCase("IpAddress", "\"10.0.0.0/8\"")]
    [TestCase("Bool", "\"true\"")]
    [TestCase("BinaryEquals", "\"AQID\"")]
    public void Evaluate_UncheckedValueOfWrongShape_StatementDoesNotApplyAndIsRecorded(string op, string policyValue)
    {
        var request = Request().Add("test:key", ContextValue.FromUnchecked(ContextValueType.String, "garbage")).Build();
        var allow = AllowWithCondition(("{\"" + op + "\":{\"test:key\":" + policyValue + "}}"));
        var result = PolicyEvaluator.Explain(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(allow)]) }, request);
        result.Decision.Should().Be(PolicyDecision.ImplicitDeny);
        result.Errors.Should().ContainSingle().Which.Should().Contain("test:key").And.Contain("garbage").And.Contain(op);
    }

    [Test]
    public void Evaluate_UnreadableValueInNegatedDeny_DoesNotApply()
    {
        var request = Request().Add("aws:SourceIp", ContextValue.FromUnchecked(ContextValueType.IpAddress, "not-an-ip")).Build();
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}""";
        var result = PolicyEvaluator.Explain(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(policy)]) }, request);
        result.Decision.Should().Be(PolicyDecision.Allow, "cedar-style skip-on-error: the statement that cannot be evaluated is skipped and recorded");
        result.Errors.Should().ContainSingle();
    }

    [TestCase("NumericEquals", "\"five\"")]
    [TestCase("DateEquals", "\"soon\"")]
    [TestCase("IpAddress", "\"10.0.0.0/33\"")]
    [TestCase("Bool", "\"maybe\"")]
    [TestCase("BinaryEquals", "\"%%%\"")]
    [TestCase("ArnLike", "\"*\"")]
    public void Compile_UnreadablePolicyValue_IsAWarningAndNeverMatches(string op, string policyValue)
    {
        var compiled = Compile(AllowWithCondition(("{\"" + op + "\":{\"test:key\":" + policyValue + "}}")));
        compiled.Warnings.Should().ContainSingle().Which.Should().Contain(op);
        var request = Request().AddString("test:key", "five").Build();
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([compiled]) }, request).Should().Be(PolicyDecision.ImplicitDeny);
    }

    [TestCase("")]
    [TestCase("arn:aws:iam::111122223333:role/app")]
    [TestCase("arn:aws:iam::1111:user/alice")]
    [TestCase("arn:aws:sts::111122223333:assumed-role/app")]
    [TestCase("not-an-arn")]
    public void RequestPrincipal_TryFromArn_RejectsWhatIsNotACaller(string arn)
    {
        RequestPrincipal.TryFromArn(arn, out var principal, out var error).Should().BeFalse();
        principal.Should().BeNull();
        error.Should().Contain("is not an IAM user, role session");
    }

    [TestCase("arn:aws:iam:::user/TESTER1", "")]
    [TestCase("arn:aws:sts:::assumed-role/S3Access/Bob", "")]
    [TestCase("arn:aws:iam::tenant1:user/alice", "tenant1")]
    [TestCase("arn:aws:iam::111122223333:user/alice", "111122223333")]
    public void RequestPrincipal_TryFromArn_AcceptsCephDefaultAndTenantAccounts(string arn, string account)
    {
        RequestPrincipal.TryFromArn(arn, out var principal, out _).Should().BeTrue();
        principal!.AccountId.Should().Be(account);
    }

    [Test]
    public void Evaluate_DefaultTenantUserNamedInResourcePolicy_IsAllowedWithinItsAccount()
    {
        var bucketPolicy = CompiledPolicy.Compile(
            PolicyParser.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:::user/TESTER1"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""", PolicyKind.Resource).Document!,
            "bucket-policy",
            PolicySource.Resource);
        RequestPrincipal.TryFromArn("arn:aws:iam:::user/TESTER1", out var tester1, out _).Should().BeTrue();
        RequestPrincipal.TryFromArn("arn:aws:iam:::user/TESTER2", out var tester2, out _).Should().BeTrue();
        var input = new PolicyEvaluationInput { ResourcePolicy = bucketPolicy, ResourceAccountId = "" };

        PolicyEvaluator.Evaluate(input, new RequestContextBuilder().WithPrincipal(tester1!).WithAction("s3:GetObject").WithResource("arn:aws:s3:::b/k").Build())
            .Should().Be(PolicyDecision.Allow);
        PolicyEvaluator.Evaluate(input, new RequestContextBuilder().WithPrincipal(tester2!).WithAction("s3:GetObject").WithResource("arn:aws:s3:::b/k").Build())
            .Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void Evaluate_WithManyOddRequests_NeverThrows()
    {
        var policy = Compile("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"DateLessThan":{"aws:CurrentTime":"2030-01-01"}}}]}""");
        var input = new PolicyEvaluationInput { IdentityPolicies = new PolicySet([policy]) };
        string[] odd = ["", ":", "::::::", "arn:", "arn:aws:s3:::", "${", "*", "\u0000", new string(':', 1000), "arn:aws:s3:::b/${aws:username}/x"];
        foreach (var text in odd)
        {
            var request = new RequestContextBuilder().WithAction(text.Length == 0 ? "x" : text).WithResource(text.Length == 0 ? "*" : text)
                .AddString("aws:username", text).AddString("s3:prefix", text)
                .Add("aws:SourceIp", ContextValue.FromUnchecked(ContextValueType.IpAddress, text))
                .Add("aws:CurrentTime", ContextValue.FromUnchecked(ContextValueType.Date, text)).Build();
            var act = () => PolicyEvaluator.Explain(input, request);
            act.Should().NotThrow();
        }
    }
}
