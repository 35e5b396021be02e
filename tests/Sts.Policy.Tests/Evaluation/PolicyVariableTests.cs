using Sts.Policy.Evaluation;
using static Sts.Policy.Tests.Evaluation.EvaluationTestKit;

namespace Sts.Policy.Tests.Evaluation;

public class PolicyVariableTests
{
    private static string ResourcePolicyFor(string resource, string version = "2012-10-17") =>
        ("{\"Version\":\"" + version + "\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + resource + "\"}}");

    [TestCase("arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/alice/x", true)]
    [TestCase("arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/bob/x", false)]
    [TestCase("arn:aws:s3:::b/${aws:userid}", "arn:aws:s3:::b/AIDAEXAMPLE", true)]
    [TestCase("arn:aws:s3:::b/${aws:PrincipalTag/team}/*", "arn:aws:s3:::b/blue/x", true)]
    [TestCase("arn:aws:s3:::b/${aws:SourceIp}", "arn:aws:s3:::b/10.0.0.1", true)]
    [TestCase("arn:aws:s3:::b/${s3:prefix}", "arn:aws:s3:::b/home", true)]
    [TestCase("arn:aws:s3:::b/${aws:PrincipalTag/absent, 'shared'}/*", "arn:aws:s3:::b/shared/x", true)]
    [TestCase("arn:aws:s3:::b/${aws:username, 'anonymous'}/*", "arn:aws:s3:::b/alice/x", true)]
    [TestCase("arn:aws:s3:::b/${aws:PrincipalTag/absent}/*", "arn:aws:s3:::b//x", false)]
    [TestCase("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", true)]
    [TestCase("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", false)]
    [TestCase("arn:aws:s3:::b/${?}", "arn:aws:s3:::b/x", false)]
    [TestCase("arn:aws:s3:::b/${$}{x}", "arn:aws:s3:::b/${x}", true)]
    [TestCase("arn:aws:s3:::b/${aws:TagKeys}", "arn:aws:s3:::b/a", false)]
    [TestCase("arn:aws:s3:::b/${aws:username", "arn:aws:s3:::b/${aws:username", true)]
    public void ResourceVariable_IsExpandedFromTheContext(string pattern, string resource, bool expected)
    {
        var request = Request(resource: resource)
            .AddString("aws:username", "alice").AddString("aws:userid", "AIDAEXAMPLE").AddString("aws:PrincipalTag/team", "blue")
            .AddString("s3:prefix", "home").AddString("aws:TagKeys", "a", "b")
            .Add("aws:SourceIp", ContextValue.FromUnchecked(ContextValueType.IpAddress, "10.0.0.1")).Build();
        Identity(ResourcePolicyFor(pattern), request).Should().Be(expected ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny);
    }

    [TestCase("2008-10-17")]
    [TestCase(null)]
    public void ResourceVariable_InOlderVersions_IsLiteral(string? version)
    {
        var json = version is null
            ? """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}"}}"""
            : ResourcePolicyFor("arn:aws:s3:::b/${aws:username}", version);
        Identity(json, Request(resource: "arn:aws:s3:::b/alice").AddString("aws:username", "alice").Build()).Should().Be(PolicyDecision.ImplicitDeny);
        Identity(json, Request(resource: "arn:aws:s3:::b/${aws:username}").AddString("aws:username", "alice").Build()).Should().Be(PolicyDecision.Allow);
    }

    [Test]
    public void ConditionVariable_UnresolvedWithoutDefault_PositiveFailsNegatedMatchesAndKeyIsMissing()
    {
        var request = Request().AddString("aws:ResourceTag/team", "blue").Build();
        Identity(AllowWithCondition("""{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}"""), request).Should().Be(PolicyDecision.ImplicitDeny);
        Identity(AllowWithCondition("""{"StringNotEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}"""), request).Should().Be(PolicyDecision.Allow);
        var result = PolicyEvaluator.Explain(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(AllowWithCondition("""{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}"""))]) }, request);
        result.MissingContextKeys.Should().Equal("aws:PrincipalTag/team");
    }

    [Test]
    public void ConditionVariable_ValueIsLiteralNotWildcard()
    {
        var request = Request().AddString("s3:prefix", "bob/x").AddString("aws:username", "*").Build();
        Identity(AllowWithCondition("""{"StringLike":{"s3:prefix":"${aws:username}/x"}}"""), request).Should().Be(PolicyDecision.ImplicitDeny);
        Identity(AllowWithCondition("""{"StringLike":{"s3:prefix":"*/x"}}"""), request).Should().Be(PolicyDecision.Allow);
    }

    [Test]
    public void ConditionVariable_InArnOperator_IsExpanded()
    {
        var request = Request().AddString("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:alice-topic").AddString("aws:username", "alice").Build();
        Identity(AllowWithCondition("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:${aws:username}-*"}}"""), request).Should().Be(PolicyDecision.Allow);
    }

    [Test]
    public void NumericOperator_DoesNotExpandVariables()
    {
        var request = Request().AddString("test:n", "5").Add("test:m", ContextValue.FromUnchecked(ContextValueType.Numeric, "5")).Build();
        Identity(AllowWithCondition("""{"NumericEquals":{"test:m":"${test:n}"}}"""), request).Should().Be(PolicyDecision.ImplicitDeny);
    }
}
