using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>AssumeRole wired to the real IAM service (in-memory store) and the real policy evaluator.</summary>
public class StsIamIntegrationTests
{
    private const string AccountNumber = "123456789012";
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/*"}]}""";

    private static readonly AccountId Account = AccountId.Parse(AccountNumber);
    private static readonly IamPrincipal Root = IamPrincipal.Root(Account);

    private FakeTimeProvider _clock = null!;
    private IamService _iam = null!;
    private StsService _sts = null!;
    private SessionTokenSealer _sealer = null!;
    private IamUser _alice = null!;

    [SetUp]
    public async Task CreateServices()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _iam = new IamService(new InMemoryIamStore(), null, _clock);
        var directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        _sealer = new SessionTokenSealer(ring, _clock);
        _sts = new StsService(_sealer, directory, new PolicyEvaluatorStsDecider(directory), new InMemoryMfaDevices(), new TotpVerifier(_clock), directory, new AuthorizationMessageSealer(ring), _clock);
        _alice = (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice"))).Value;
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Deployer", TrustAccount, Path: "/ci/", MaxSessionDuration: 7200))).IsSuccess.Should().BeTrue();
    }

    private StsCaller Alice => StsCaller.ForUser(AccountNumber, _alice.Arn, _alice.UserId);

    private static AssumeRoleRequest Request => new() { RoleArn = "arn:aws:iam::123456789012:role/ci/Deployer", RoleSessionName = "build-7" };

    [Test]
    public async Task AssumeRole_AccountTrustAndUserPolicyAllow_ReturnsSessionOfTheStoredRole()
    {
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleAsync(Alice, Request with { DurationSeconds = 7200 });

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value.AssumedRoleUser.Arn.Should().Be("arn:aws:sts::123456789012:assumed-role/Deployer/build-7");
        result.Value.AssumedRoleUser.AssumedRoleId.Should().MatchRegex("^AROA[A-Z2-7]{17}:build-7$");
        _sealer.Open(result.Value.Credentials.SessionToken, result.Value.Credentials.AccessKeyId).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task AssumeRole_AccountTrustWithoutUserPolicy_ReturnsAccessDenied()
    {
        var result = await _sts.AssumeRoleAsync(Alice, Request);
        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_AboveTheStoredMaxSessionDuration_ReturnsValidationError()
    {
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        var result = await _sts.AssumeRoleAsync(Alice, Request with { DurationSeconds = 7201 });
        result.Error!.Message.Should().Be("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    [Test]
    public async Task AssumeRole_AfterTheUserPolicyIsDeleted_ReturnsAccessDenied()
    {
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        (await _sts.AssumeRoleAsync(Alice, Request)).IsSuccess.Should().BeTrue();

        (await _iam.DeleteUserPolicyAsync(Root, new DeleteUserPolicyRequest("alice", "assume"))).IsSuccess.Should().BeTrue();

        (await _sts.AssumeRoleAsync(Alice, Request)).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_AfterTheUserPolicyIsReplacedOrAnotherAttached_FollowsTheNewPolicies()
    {
        const string denyTagSession = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:TagSession","Resource":"*"}]}""";
        const string allowBoth = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"arn:aws:iam::123456789012:role/*"}]}""";
        var tagged = Request with { Tags = [new SessionTag("Project", "Blue")] };
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", allowBoth))).IsSuccess.Should().BeTrue();
        (await _sts.AssumeRoleAsync(Alice, tagged)).IsSuccess.Should().BeTrue();

        // A second policy denying sts:TagSession: AssumeRole alone still works, with tags it is refused naming TagSession.
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "no-tags", denyTagSession))).IsSuccess.Should().BeTrue();
        (await _sts.AssumeRoleAsync(Alice, Request)).IsSuccess.Should().BeTrue();
        var denied = await _sts.AssumeRoleAsync(Alice, tagged);
        denied.Error!.Code.Should().Be("AccessDenied");
        denied.Error.Message.Should().Contain("sts:TagSession");

        // The allowing policy replaced by one that allows only AssumeRole (same name, new text).
        (await _iam.DeleteUserPolicyAsync(Root, new DeleteUserPolicyRequest("alice", "no-tags"))).IsSuccess.Should().BeTrue();
        (await _sts.AssumeRoleAsync(Alice, tagged)).IsSuccess.Should().BeTrue();
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        (await _sts.AssumeRoleAsync(Alice, Request)).IsSuccess.Should().BeTrue();
        (await _sts.AssumeRoleAsync(Alice, tagged)).Error!.Message.Should().Contain("sts:TagSession");
    }

    [Test]
    public async Task AssumeRole_WrongPathOrDeletedRole_ReturnsAccessDenied()
    {
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();

        (await _sts.AssumeRoleAsync(Alice, Request with { RoleArn = "arn:aws:iam::123456789012:role/Deployer" })).Error!.Code.Should().Be("AccessDenied");
        (await _iam.DeleteRoleAsync(Root, new DeleteRoleRequest("Deployer"))).IsSuccess.Should().BeTrue();
        (await _sts.AssumeRoleAsync(Alice, Request)).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_ByAccountRoot_AllowedThroughAccountTrust()
    {
        var result = await _sts.AssumeRoleAsync(StsCaller.ForAccountRoot(AccountNumber), Request);
        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }

    [Test]
    public async Task GetAccessKeyInfo_StoredLongTermKey_ReturnsItsAccount()
    {
        var key = (await _iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice"))).Value;
        (await _sts.GetAccessKeyInfoAsync(Alice, key.AccessKeyId)).Value.Should().Be(AccountNumber);
    }
}
