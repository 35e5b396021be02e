using Sts.Policy.Evaluation;
using static Sts.Policy.Tests.Evaluation.EvaluationTestKit;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>Trust policies for AssumeRole / AssumeRoleWithWebIdentity: they must allow explicitly.</summary>
public class TrustEvaluationTests
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/app";

    private static CompiledPolicy Trust(string principalJson, string action = "sts:AssumeRole", string condition = "") =>
        Compile(("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principalJson + ",\"Action\":\"" + action + "\"" + condition + "}]}"), PolicySource.Trust);

    private static RequestContext AssumeRole(string caller) => Request(action: "sts:AssumeRole", resource: RoleArn, caller: caller).Build();

    [Test]
    public void DefaultTenant_TrustNamingTheCaller_AllowsOnlyThatCaller()
    {
        // The user's reference flow: Ceph's default tenant has an empty account field in every ARN.
        var trust = Trust("{\"AWS\":[\"arn:aws:iam:::user/TESTER2\"]}");
        RequestContext Caller(string arn) => Request(action: "sts:AssumeRole", resource: "arn:aws:iam:::role/S3Access", caller: arn).Build();

        var tester2 = PolicyEvaluator.EvaluateTrust(trust, Caller("arn:aws:iam:::user/TESTER2"), "");
        tester2.Decision.Should().Be(PolicyDecision.Allow);
        tester2.CallerPoliciesMustAllow.Should().BeFalse();
        PolicyEvaluator.EvaluateTrust(trust, Caller("arn:aws:iam:::user/TESTER1"), "").Decision.Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void SameAccount_TrustNamingTheUser_AllowsWithoutIdentityPolicy()
    {
        var trust = PolicyEvaluator.EvaluateTrust(Trust("{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}"), AssumeRole(Alice), AccountA);
        trust.Decision.Should().Be(PolicyDecision.Allow);
        trust.Match.Should().Be(PrincipalMatch.Direct);
        trust.CallerPoliciesMustAllow.Should().BeFalse();
        PolicyEvaluator.CombineTrust(trust, PolicyDecision.ImplicitDeny).Should().Be(PolicyDecision.Allow);
    }

    [Test]
    public void SameAccount_TrustNamingTheAccount_NeedsTheCallersIdentityPolicy()
    {
        var trust = PolicyEvaluator.EvaluateTrust(Trust("{\"AWS\":\"arn:aws:iam::111122223333:root\"}"), AssumeRole(Alice), AccountA);
        trust.Decision.Should().Be(PolicyDecision.Allow);
        trust.Match.Should().Be(PrincipalMatch.Account);
        trust.CallerPoliciesMustAllow.Should().BeTrue();
        PolicyEvaluator.CombineTrust(trust, PolicyDecision.ImplicitDeny).Should().Be(PolicyDecision.ImplicitDeny);
        PolicyEvaluator.CombineTrust(trust, PolicyDecision.Allow).Should().Be(PolicyDecision.Allow);
        PolicyEvaluator.CombineTrust(trust, PolicyDecision.ExplicitDeny).Should().Be(PolicyDecision.ExplicitDeny);
    }

    [Test]
    public void CrossAccount_TrustNamingTheUser_StillNeedsTheCallersIdentityPolicy()
    {
        var trust = PolicyEvaluator.EvaluateTrust(Trust("{\"AWS\":\"arn:aws:iam::444455556666:user/carol\"}"), AssumeRole(Carol), AccountA);
        trust.Decision.Should().Be(PolicyDecision.Allow);
        trust.CallerPoliciesMustAllow.Should().BeTrue();
        PolicyEvaluator.CombineTrust(trust, PolicyDecision.ImplicitDeny).Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void TrustNotNamingTheCaller_IsImplicitDenyWhateverTheIdentityPolicySays()
    {
        var trust = PolicyEvaluator.EvaluateTrust(Trust("{\"AWS\":\"arn:aws:iam::111122223333:user/bob\"}"), AssumeRole(Alice), AccountA);
        trust.Decision.Should().Be(PolicyDecision.ImplicitDeny);
        PolicyEvaluator.CombineTrust(trust, PolicyDecision.Allow).Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void WebIdentity_FederatedProviderWithAudienceCondition()
    {
        const string provider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
        var policy = Trust(("{\"Federated\":\"" + provider + "\"}"), "sts:AssumeRoleWithWebIdentity",
            ""","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo/*:ref:refs/heads/main"}}""");
        RequestContext Call(string sub) => new RequestContextBuilder().WithPrincipal(RequestPrincipal.WebIdentity(provider)).WithAction("sts:AssumeRoleWithWebIdentity").WithResource(RoleArn)
            .AddString("token.actions.githubusercontent.com:aud", "sts.amazonaws.com").AddString("token.actions.githubusercontent.com:sub", sub).Build();
        var allowed = PolicyEvaluator.EvaluateTrust(policy, Call("repo:octo/app:ref:refs/heads/main"), AccountA);
        allowed.Decision.Should().Be(PolicyDecision.Allow);
        allowed.CallerPoliciesMustAllow.Should().BeFalse();
        PolicyEvaluator.EvaluateTrust(policy, Call("repo:evil/app:ref:refs/heads/main"), AccountA).Decision.Should().Be(PolicyDecision.ImplicitDeny);
        var otherProvider = new RequestContextBuilder().WithPrincipal(RequestPrincipal.WebIdentity("accounts.google.com")).WithAction("sts:AssumeRoleWithWebIdentity").WithResource(RoleArn).Build();
        PolicyEvaluator.EvaluateTrust(policy, otherProvider, AccountA).Decision.Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public void TrustDeny_Wins()
    {
        var policy = Compile("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:*"}]}""", PolicySource.Trust);
        var trust = PolicyEvaluator.EvaluateTrust(policy, AssumeRole(Alice), AccountA);
        trust.Decision.Should().Be(PolicyDecision.ExplicitDeny);
        trust.Result.MatchedStatements.Should().ContainSingle().Which.StatementIndex.Should().Be(1);
    }
}
