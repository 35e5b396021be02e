using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

public sealed class IamServiceSimulateTests : IamServiceTestBase
{
    private const string ReadBucket = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";
    private const string DenyPrivate = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::bucket/private/*"}]}""";
    private const string IpCondition = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}""";

    [Test]
    public async Task SimulateCustomPolicy_AllowDenyAndDefault_ReturnsAwsDecisionsPerActionAndResource()
    {
        var page = Ok(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest(
            [ReadBucket, DenyPrivate],
            ["s3:GetObject", "s3:DeleteObject"],
            ["arn:aws:s3:::bucket/public/a", "arn:aws:s3:::bucket/private/b"])));

        page.Items.Select(r => (r.EvalActionName, r.EvalResourceName, r.EvalDecision)).Should().Equal(
            ("s3:GetObject", "arn:aws:s3:::bucket/public/a", "allowed"),
            ("s3:GetObject", "arn:aws:s3:::bucket/private/b", "explicitDeny"),
            ("s3:DeleteObject", "arn:aws:s3:::bucket/public/a", "implicitDeny"),
            ("s3:DeleteObject", "arn:aws:s3:::bucket/private/b", "explicitDeny"));
        page.Items[0].MatchedStatementSourcePolicyIds.Should().Equal("PolicyInputList.1");
        page.Items[1].MatchedStatementSourcePolicyIds.Should().Equal("PolicyInputList.2");
    }

    [Test]
    public async Task SimulateCustomPolicy_ConditionKey_MissingThenSupplied()
    {
        var missing = Ok(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest([IpCondition], ["s3:PutObject"]))).Items.Single();
        var supplied = Ok(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest([IpCondition], ["s3:PutObject"], ContextEntries: [new SimulationContextEntry("aws:SourceIp", ["10.1.2.3"], "ip")]))).Items.Single();

        missing.EvalDecision.Should().Be("implicitDeny");
        missing.MissingContextValues.Should().Contain("aws:SourceIp");
        supplied.EvalDecision.Should().Be("allowed");
    }

    [Test]
    public async Task SimulateCustomPolicy_Boundary_LimitsAllowAndIsReported()
    {
        var result = Ok(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest(
            ["""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"""], ["s3:PutObject", "s3:GetObject"], ["arn:aws:s3:::bucket/x"], [ReadBucket]))).Items;

        result.Select(r => (r.EvalDecision, r.AllowedByPermissionsBoundary)).Should().Equal(("implicitDeny", (bool?)false), ("allowed", (bool?)true));
    }

    [Test]
    public async Task SimulateCustomPolicy_UnparsablePolicy_ReturnsInvalidInput()
    {
        Fails(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest(["{nope"], ["s3:GetObject"])), "InvalidInput", 400, "PolicyInputList.1:");
    }

    [Test]
    public async Task SimulateCustomPolicy_BadContextType_ReturnsValidationError()
    {
        Fails(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest([ReadBucket], ["s3:GetObject"], ContextEntries: [new SimulationContextEntry("aws:SourceIp", ["x"], "ipv4")])), "ValidationError", 400, "Value 'ipv4' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set");
    }

    [Test]
    public async Task SimulateCustomPolicy_Paginated_ReturnsEveryResultOnce()
    {
        var first = Ok(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest([ReadBucket], ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], MaxItems: 2)));
        var second = Ok(await Iam.SimulateCustomPolicyAsync(Root, new SimulateCustomPolicyRequest([ReadBucket], ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Marker: first.Marker, MaxItems: 2)));

        first.IsTruncated.Should().BeTrue();
        first.Items.Concat(second.Items).Select(r => r.EvalActionName).Should().Equal("s3:GetObject", "s3:PutObject", "s3:ListBucket");
    }

    [Test]
    public async Task SimulatePrincipalPolicy_Role_UsesInlineAttachedAndBoundary()
    {
        var attached = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("Write", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}""")));
        var role = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("App", TrustPolicy)));
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("App", "read", ReadBucket)));
        Ok(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("App", attached.Arn)));

        var results = Ok(await Iam.SimulatePrincipalPolicyAsync(Root, new SimulatePrincipalPolicyRequest(role.Arn, ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], ResourceArns: ["arn:aws:s3:::bucket/k"]))).Items;

        results.Select(r => (r.EvalDecision, string.Join(",", r.MatchedStatementSourcePolicyIds))).Should().Equal(("allowed", "read"), ("allowed", attached.Arn), ("implicitDeny", string.Empty));
    }

    [Test]
    public async Task SimulatePrincipalPolicy_MissingUser_ReturnsNoSuchEntity()
    {
        Fails(await Iam.SimulatePrincipalPolicyAsync(Root, new SimulatePrincipalPolicyRequest("arn:aws:iam::123456789012:user/ghost", ["s3:GetObject"])), "NoSuchEntity", 404, "user/ghost cannot be found");
    }

    [Test]
    public async Task SimulatePrincipalPolicy_OtherAccountsUser_ReturnsAccessDenied()
    {
        Fails(await Iam.SimulatePrincipalPolicyAsync(IamPrincipal.Root(AccountId.Parse("210987654321")), new SimulatePrincipalPolicyRequest("arn:aws:iam::123456789012:user/alice", ["s3:GetObject"])), "AccessDenied", 403, "iam:SimulatePrincipalPolicy");
    }
}
