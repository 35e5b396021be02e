using Sts.Policy.Evaluation;
using static Sts.Policy.Tests.Evaluation.EvaluationTestKit;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>The decision procedure (IAM User Guide, policy evaluation logic), beyond the simulate corpus.</summary>
public class DecisionTests
{
    private const string AllowGet = """{"Version":"2012-10-17","Statement":{"Sid":"AllowGet","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""";
    private const string DenyGet = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"NoGet","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}""";

    private static string ResourcePolicy(string principalJson, string effect = "Allow") =>
        ("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"" + effect + "\",\"Principal\":" + principalJson + ",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}");

    [Test]
    public void Explain_ExplicitDeny_ReportsOnlyTheDenyStatement()
    {
        var result = PolicyEvaluator.Explain(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(DenyGet, id: "deny-policy")]) }, Request().Build());
        result.Decision.Should().Be(PolicyDecision.ExplicitDeny);
        result.MatchedStatements.Should().ContainSingle().Which.Should().Be(new MatchedStatement("deny-policy", PolicySource.Identity, 1, "NoGet", PolicyEffect.Deny));
        result.AllowStatements.Should().ContainSingle();
    }

    [Test]
    public void Explain_Allow_ReportsTheAllowStatementWithPolicyIdAndSid()
    {
        var result = PolicyEvaluator.Explain(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(AllowGet, id: "arn:aws:iam::111122223333:policy/p")]) }, Request().Build());
        result.Decision.Should().Be(PolicyDecision.Allow);
        result.MatchedStatements.Should().Equal(new MatchedStatement("arn:aws:iam::111122223333:policy/p", PolicySource.Identity, 0, "AllowGet", PolicyEffect.Allow));
    }

    [Test]
    public void Explain_ImplicitDeny_HasNoMatchedStatementsButListsMissingKeys()
    {
        var policy = AllowWithCondition("""{"StringEquals":{"aws:PrincipalTag/team":"blue"},"Bool":{"aws:SecureTransport":"true"}}""");
        var result = PolicyEvaluator.Explain(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(policy)]) }, Request().Build());
        result.Decision.Should().Be(PolicyDecision.ImplicitDeny);
        result.MatchedStatements.Should().BeEmpty();
        result.MissingContextKeys.Should().Equal("aws:PrincipalTag/team", "aws:SecureTransport");
    }

    [TestCase("{\"AWS\":\"111122223333\"}", PolicyDecision.ImplicitDeny)]
    [TestCase("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", PolicyDecision.ImplicitDeny)]
    [TestCase("{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}", PolicyDecision.Allow)]
    [TestCase("{\"AWS\":\"arn:aws:iam::111122223333:user/bob\"}", PolicyDecision.ImplicitDeny)]
    [TestCase("{\"AWS\":\"*\"}", PolicyDecision.Allow)]
    [TestCase("\"*\"", PolicyDecision.Allow)]
    [TestCase("{\"Service\":\"ec2.amazonaws.com\"}", PolicyDecision.ImplicitDeny)]
    [TestCase("{\"CanonicalUser\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\"}", PolicyDecision.ImplicitDeny)]
    public void SameAccountResourcePolicy_WithoutIdentityPolicy_GrantsOnlyWhenNamingTheCaller(string principal, PolicyDecision expected)
    {
        var input = new PolicyEvaluationInput { ResourcePolicy = Compile(ResourcePolicy(principal), PolicySource.Resource) };
        PolicyEvaluator.Evaluate(input, Request().Build()).Should().Be(expected);
    }

    [Test]
    public void RoleSession_ResourcePolicyNamingRoleWithPath_MatchesSessionsWhenRoleArnIsKnown()
    {
        var input = new PolicyEvaluationInput { ResourcePolicy = Compile(ResourcePolicy("{\"AWS\":\"arn:aws:iam::111122223333:role/team/app\"}"), PolicySource.Resource) };
        var session = Principal(Session);
        var withPath = new RequestContextBuilder().WithPrincipal(CopyWithRoleArn(session, "arn:aws:iam::111122223333:role/team/app")).WithAction("s3:GetObject").Build();
        var otherPath = new RequestContextBuilder().WithPrincipal(CopyWithRoleArn(session, "arn:aws:iam::111122223333:role/other/app")).WithAction("s3:GetObject").Build();
        PolicyEvaluator.Evaluate(input, withPath).Should().Be(PolicyDecision.Allow);
        PolicyEvaluator.Evaluate(input, otherPath).Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void CrossAccount_NeedsBothSides()
    {
        var resource = Compile(ResourcePolicy("{\"AWS\":\"444455556666\"}"), PolicySource.Resource);
        var carol = Request(caller: Carol).Build();
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourcePolicy = resource, ResourceAccountId = AccountA }, carol).Should().Be(PolicyDecision.ImplicitDeny);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourcePolicy = resource, ResourceAccountId = AccountA, IdentityPolicies = new PolicySet([Compile(AllowGet)]) }, carol).Should().Be(PolicyDecision.Allow);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourceAccountId = AccountA, IdentityPolicies = new PolicySet([Compile(AllowGet)]) }, carol)
            .Should().Be(PolicyDecision.ImplicitDeny, "without a resource policy nothing is granted across accounts");
    }

    [Test]
    public void CrossAccountRoot_IsAllowedExactlyWhenTheResourcePolicyGrantsItsAccount()
    {
        var root = Request(caller: "arn:aws:iam::444455556666:root").Build();
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourceAccountId = AccountA }, root).Should().Be(PolicyDecision.ImplicitDeny);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourcePolicy = Compile(ResourcePolicy("{\"AWS\":\"444455556666\"}"), PolicySource.Resource), ResourceAccountId = AccountA }, root)
            .Should().Be(PolicyDecision.Allow);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourcePolicy = Compile(ResourcePolicy("{\"AWS\":\"777788889999\"}"), PolicySource.Resource), ResourceAccountId = AccountA }, root)
            .Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void FederatedUserSession_WithoutSessionPolicy_IsDenied()
    {
        var federated = Request(caller: $"arn:aws:sts::{AccountA}:federated-user/fred").Build();
        var identity = new PolicySet([Compile(AllowGet)]);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { IdentityPolicies = identity }, federated).Should().Be(PolicyDecision.ImplicitDeny);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { IdentityPolicies = identity, SessionPolicies = new PolicySet([Compile(AllowGet, PolicySource.Session)]) }, federated).Should().Be(PolicyDecision.Allow);
    }

    [Test]
    public void AnonymousCaller_OnlyAResourcePolicyForEveryoneGrants()
    {
        var anonymous = new RequestContextBuilder().WithAction("s3:GetObject").WithResource("arn:aws:s3:::public/x").Build();
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(AllowGet)]) }, anonymous).Should().Be(PolicyDecision.ImplicitDeny);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourcePolicy = Compile(ResourcePolicy("\"*\""), PolicySource.Resource), ResourceAccountId = AccountA }, anonymous).Should().Be(PolicyDecision.Allow);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourcePolicy = Compile(ResourcePolicy("{\"AWS\":\"111122223333\"}"), PolicySource.Resource), ResourceAccountId = AccountA }, anonymous).Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void NotPrincipal_NamesPrincipalsLiterally()
    {
        var deny = Compile("""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:role/app","111122223333"]},"Action":"*","Resource":"*"}]}""", PolicySource.Resource);
        var input = new PolicyEvaluationInput { IdentityPolicies = new PolicySet([Compile(AllowGet)]), ResourcePolicy = deny };
        PolicyEvaluator.Evaluate(input, Request(caller: Session).Build()).Should().Be(PolicyDecision.ExplicitDeny, "a role ARN in NotPrincipal does not exclude its sessions");
        PolicyEvaluator.Evaluate(input, Request(caller: Alice).Build()).Should().Be(PolicyDecision.ExplicitDeny, "an account in NotPrincipal excludes only its root user");
        PolicyEvaluator.Evaluate(input, Request(caller: $"arn:aws:iam::{AccountA}:root").Build()).Should().Be(PolicyDecision.Allow);
    }

    [Test]
    public void AccountRoot_IsAllowedInItsOwnAccountUnlessDenied()
    {
        var root = Request(caller: $"arn:aws:iam::{AccountA}:root").Build();
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput(), root).Should().Be(PolicyDecision.Allow);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourceAccountId = AccountB }, root).Should().Be(PolicyDecision.ImplicitDeny);
        var deny = Compile(ResourcePolicy("{\"AWS\":\"111122223333\"}", "Deny"), PolicySource.Resource);
        PolicyEvaluator.Evaluate(new PolicyEvaluationInput { ResourcePolicy = deny }, root).Should().Be(PolicyDecision.ExplicitDeny);
    }

    [Test]
    public void AddPrincipalKeys_DerivesAwsKeysFromTheCaller()
    {
        var principal = Principal(Alice) is var p ? CopyWithTags(p, new Dictionary<string, string> { ["Team"] = "blue" }) : null!;
        var request = new RequestContextBuilder().WithPrincipal(principal).WithAction("s3:GetObject").AddPrincipalKeys().Build();
        request.GetValues("aws:username").Single().Text.Should().Be("alice");
        request.GetValues("AWS:PRINCIPALTAG/team").Single().Text.Should().Be("blue");
        request.GetValues("aws:PrincipalType").Single().Text.Should().Be("User");
        request.GetValues("aws:PrincipalAccount").Single().Text.Should().Be(AccountA);
        request.GetValues("aws:userid").Single().Text.Should().Be("AIDAALICE");
    }

    private static RequestPrincipal CopyWithRoleArn(RequestPrincipal principal, string roleArn) => principal.With(roleArn: roleArn);

    private static RequestPrincipal CopyWithTags(RequestPrincipal principal, Dictionary<string, string> tags) =>
        principal.With(userId: "AIDAALICE", tags: tags);
}
