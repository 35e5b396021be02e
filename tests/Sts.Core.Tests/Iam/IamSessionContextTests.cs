using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Protocol;
using Sts.Core.SecurityToken;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tests.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.Iam;

/// <summary>
/// IAM calls get the caller's condition keys as STS calls do: credentials go through <see cref="StsCredentialResolver"/>,
/// the call through <see cref="QueryDispatcher"/> (the Query protocol), and an identity policy with a condition on
/// <c>aws:PrincipalTag</c>, <c>aws:PrincipalArn</c>, <c>aws:MultiFactorAuthPresent</c> or <c>aws:TokenIssueTime</c>
/// decides it with the real evaluator.
/// </summary>
public class IamSessionContextTests
{
    private const string AccountNumber = "123456789012";
    private const string DeployerArn = "arn:aws:iam::123456789012:role/ci/Deployer";
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}]}""";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private IamService _iam = null!;
    private StsService _sts = null!;
    private StsCredentialResolver _resolver = null!;
    private QueryDispatcher _dispatcher = null!;
    private StsCaller _alice = null!;
    private NewAccessKey _aliceKey = null!;

    [SetUp]
    public async Task CreateServices()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _iam = new IamService(new InMemoryIamStore(), null, clock);
        var directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        var sealer = new SessionTokenSealer(ring, clock);
        _sts = new StsService(sealer, directory, new PolicyEvaluatorStsDecider(directory), new InMemoryMfaDevices(), new TotpVerifier(clock), directory, new AuthorizationMessageSealer(ring), clock);
        _resolver = new StsCredentialResolver(_iam, sealer);
        _dispatcher = new QueryDispatcher(_sts, _iam);
        var alice = (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice", Tags: [new IamTag("team", "blue")]))).Value;
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        _aliceKey = (await _iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice"))).Value;
        _alice = StsCaller.ForUser(AccountNumber, alice.Arn, alice.UserId);
        var tags = new[] { new IamTag("team", "blue"), new IamTag("env", "prod") };
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Deployer", TrustAccount, Path: "/ci/", Tags: tags))).IsSuccess.Should().BeTrue();
    }

    private static string AllowListUsersWhen(string condition) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{{condition}}}]}""";

    [Test]
    public async Task ListUsers_RoleSessionAndPolicyOnItsRoleTag_IsAllowed()
    {
        await GiveDeployerAsync(AllowListUsersWhen("""{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"""));

        var result = await ListUsersAsync(await DeployerAsync());

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }

    [Test]
    public async Task ListUsers_SessionTagOverridingTheRoleTag_IsDenied()
    {
        await GiveDeployerAsync(AllowListUsersWhen("""{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"""));

        var result = await ListUsersAsync(await DeployerAsync(new SessionTag("Team", "red")));

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Contain("assumed-role/Deployer/build").And.Contain("iam:ListUsers");
    }

    [TestCase("apollo", true)]
    [TestCase("gemini", false)]
    public async Task ListUsers_PolicyOnASessionTag_DecidedByTheSessionTag(string project, bool allowed)
    {
        await GiveDeployerAsync(AllowListUsersWhen("""{"StringEquals":{"aws:PrincipalTag/project":"apollo","aws:PrincipalTag/env":"prod"}}"""));

        var result = await ListUsersAsync(await DeployerAsync(new SessionTag("project", project)));

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
    }

    [Test]
    public async Task ListUsers_RoleTagChangedAfterTheSessionWasIssued_UsesTheRoleTagsOfNow()
    {
        await GiveDeployerAsync(AllowListUsersWhen("""{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"""));
        var deployer = await DeployerAsync();
        (await _iam.TagRoleAsync(Root, new TagRoleRequest("Deployer", [new IamTag("team", "green")]))).IsSuccess.Should().BeTrue();

        (await ListUsersAsync(deployer)).Error!.Code.Should().Be("AccessDenied");
    }

    [TestCase("""{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ci/Deployer"}}""", true, false, TestName = "ListUsers_PrincipalArnCondition_MatchesTheRoleArnWithPathOfASession")]
    [TestCase("""{"Bool":{"aws:MultiFactorAuthPresent":"false"}}""", true, false, TestName = "ListUsers_MultiFactorAuthPresentFalse_MatchesTemporaryCredentialsOnly")]
    [TestCase("""{"Null":{"aws:TokenIssueTime":"false"}}""", true, false, TestName = "ListUsers_TokenIssueTimeNotNull_MatchesTemporaryCredentialsOnly")]
    [TestCase("""{"DateLessThan":{"aws:TokenIssueTime":"2026-11-27T12:00:01Z"}}""", true, false, TestName = "ListUsers_TokenIssueTimeBeforeASecondLater_MatchesTheSession")]
    [TestCase("""{"StringEquals":{"aws:PrincipalType":"AssumedRole"}}""", true, false, TestName = "ListUsers_PrincipalTypeAssumedRole_MatchesTheSessionOnly")]
    [TestCase("""{"StringEquals":{"aws:PrincipalTag/team":"blue"}}""", true, true, TestName = "ListUsers_PrincipalTagCondition_MatchesTheRoleTagAndTheUserTag")]
    public async Task ListUsers_ConditionOnCallerKeys_RoleSessionAndLongTermUserAsAws(string condition, bool sessionAllowed, bool userAllowed)
    {
        await GiveDeployerAsync(AllowListUsersWhen(condition));
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "iam", AllowListUsersWhen(condition)))).IsSuccess.Should().BeTrue();

        var session = await ListUsersAsync(await DeployerAsync());
        var user = await ListUsersAsync(await ResolveAsync(_aliceKey.AccessKeyId, null));

        session.IsSuccess.Should().Be(sessionAllowed, session.Error?.ToString());
        user.IsSuccess.Should().Be(userAllowed, user.Error?.ToString());
    }

    [Test]
    public async Task ListUsers_GetSessionTokenSession_SeesTheUsersTagsAndItsIssueTime()
    {
        var condition = """{"StringEquals":{"aws:PrincipalTag/team":"blue","aws:PrincipalType":"User"},"Null":{"aws:TokenIssueTime":"false"}}""";
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "iam", AllowListUsersWhen(condition)))).IsSuccess.Should().BeTrue();
        var issued = await _sts.GetSessionTokenAsync(_alice, new GetSessionTokenRequest());
        issued.IsSuccess.Should().BeTrue(issued.Error?.ToString());

        var result = await ListUsersAsync(await ResolveAsync(issued.Value.Credentials.AccessKeyId, issued.Value.Credentials.SessionToken));

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }

    private async Task GiveDeployerAsync(string policy) =>
        (await _iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Deployer", "iam", policy))).IsSuccess.Should().BeTrue();

    private async Task<AuthenticatedCaller> DeployerAsync(params SessionTag[] sessionTags)
    {
        var assumed = await _sts.AssumeRoleAsync(_alice, new AssumeRoleRequest { RoleArn = DeployerArn, RoleSessionName = "build", Tags = [.. sessionTags] });
        assumed.IsSuccess.Should().BeTrue(assumed.Error?.ToString());
        return await ResolveAsync(assumed.Value.Credentials.AccessKeyId, assumed.Value.Credentials.SessionToken);
    }

    private async Task<AuthenticatedCaller> ResolveAsync(string accessKeyId, string? sessionToken)
    {
        var resolved = await _resolver.ResolveAsync(accessKeyId, sessionToken, CancellationToken.None);
        resolved.IsSuccess.Should().BeTrue(resolved.FailureMessage);
        return (AuthenticatedCaller)resolved.Identity!;
    }

    private async Task<StsResult<QueryStructure?>> ListUsersAsync(AuthenticatedCaller caller)
    {
        var parsed = new QueryProtocol().Parse(Encoding.UTF8.GetBytes("Action=ListUsers&Version=2010-05-08"));
        return await _dispatcher.DispatchAsync(parsed.Request!, caller);
    }
}
