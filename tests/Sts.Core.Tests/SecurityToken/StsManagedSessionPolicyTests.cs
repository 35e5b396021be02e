using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// Managed session policies (<c>PolicyArns</c>) over the real IAM service: checked when the session is issued, and
/// intersected with the role's policies on every request made with the session.
/// </summary>
public class StsManagedSessionPolicyTests
{
    private const string AccountNumber = "123456789012";
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/*"}]}""";
    private const string RoleReadWrite = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::bucket/*"}]}""";
    private const string ReadOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";
    private const string ReadAndWrite = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket/*"}]}""";
    private const string PutOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}]}""";
    private const string ReadOnlyArn = "arn:aws:iam::123456789012:policy/ReadOnly";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private IamService _iam = null!;
    private StsService _sts = null!;
    private PolicyEvaluatorStsDecider _decider = null!;
    private IamUser _alice = null!;

    [SetUp]
    public async Task CreateServices()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _iam = new IamService(new InMemoryIamStore(), null, clock);
        var directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        _decider = new PolicyEvaluatorStsDecider(directory);
        _sts = new StsService(new SessionTokenSealer(ring, clock), directory, _decider, directory, new TotpVerifier(clock), directory, new AuthorizationMessageSealer(ring), clock)
        {
            ManagedSessionPolicies = directory,
        };
        _alice = (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice"))).Value;
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Worker", TrustAccount))).IsSuccess.Should().BeTrue();
        (await _iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Worker", "rw", RoleReadWrite))).IsSuccess.Should().BeTrue();
        (await _iam.CreatePolicyAsync(Root, new CreatePolicyRequest("ReadOnly", ReadOnly))).Value.Arn.Should().Be(ReadOnlyArn);
    }

    private StsCaller Alice => StsCaller.ForUser(AccountNumber, _alice.Arn, _alice.UserId);

    private static AssumeRoleRequest Request(params string[] policyArns) =>
        new() { RoleArn = "arn:aws:iam::123456789012:role/Worker", RoleSessionName = "job-1", PolicyArns = [.. policyArns] };

    private async Task<StsCaller> SessionAsync(AssumeRoleRequest request)
    {
        var result = await _sts.AssumeRoleAsync(Alice, request);
        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        return StsCaller.ForSession(result.Value.Session);
    }

    private async Task<StsDecision> DecideAsync(StsCaller session, string action) =>
        await _decider.DecideIdentityAsync(new StsAuthorizationRequest(session, action, "arn:aws:s3:::bucket/key", ImmutableDictionary<string, ImmutableArray<string>>.Empty));

    [Test]
    public async Task AssumeRole_WithoutPolicyArns_SessionHasTheRolesPermissions()
    {
        var session = await SessionAsync(Request());

        (await DecideAsync(session, "s3:PutObject")).Should().Be(StsDecision.Allow);
    }

    [Test]
    public async Task AssumeRole_WithManagedSessionPolicy_SessionIsIntersectedWithIt()
    {
        var session = await SessionAsync(Request(ReadOnlyArn));

        (await DecideAsync(session, "s3:GetObject")).Should().Be(StsDecision.Allow);
        (await DecideAsync(session, "s3:PutObject")).Should().Be(StsDecision.ImplicitDeny);
        (await DecideAsync(session, "s3:DeleteObject")).Should().Be(StsDecision.ImplicitDeny);
    }

    [Test]
    public async Task AssumeRole_ManagedAndInlineSessionPolicies_SessionMayDoWhatEitherAllowsWithinTheRole()
    {
        (await _iam.CreatePolicyAsync(Root, new CreatePolicyRequest("PutOnly", PutOnly))).IsSuccess.Should().BeTrue();
        var inlineAllowsAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}""";

        var session = await SessionAsync(Request(ReadOnlyArn, "arn:aws:iam::123456789012:policy/PutOnly") with { Policy = inlineAllowsAll });

        (await DecideAsync(session, "s3:GetObject")).Should().Be(StsDecision.Allow);
        (await DecideAsync(session, "s3:PutObject")).Should().Be(StsDecision.Allow);
        (await DecideAsync(session, "s3:DeleteObject")).Should().Be(StsDecision.ImplicitDeny);
        (await DecideAsync(session, "s3:ListBucket")).Should().Be(StsDecision.ImplicitDeny, "the role itself does not allow it");
    }

    [Test]
    public async Task AssumeRole_ManagedSessionPolicyIsReadAtItsDefaultVersion()
    {
        var session = await SessionAsync(Request(ReadOnlyArn));
        (await _iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(ReadOnlyArn, ReadAndWrite, SetAsDefault: true))).IsSuccess.Should().BeTrue();

        (await DecideAsync(session, "s3:PutObject")).Should().Be(StsDecision.Allow);
    }

    [Test]
    public async Task Session_AfterItsManagedPolicyIsDeleted_IsDeniedEverything()
    {
        var session = await SessionAsync(Request(ReadOnlyArn));
        (await _iam.DeletePolicyAsync(Root, new DeletePolicyRequest(ReadOnlyArn))).IsSuccess.Should().BeTrue();

        (await DecideAsync(session, "s3:GetObject")).Should().Be(StsDecision.ImplicitDeny);
    }

    [Test]
    public async Task AssumeRole_PolicyArnThatDoesNotExist_ReturnsNoSuchEntity()
    {
        var result = await _sts.AssumeRoleAsync(Alice, Request(ReadOnlyArn, "arn:aws:iam::123456789012:policy/Missing"));

        result.Error!.Code.Should().Be("NoSuchEntity");
        result.Error.HttpStatus.Should().Be(404);
        result.Error.Message.Should().Be("Policy arn:aws:iam::123456789012:policy/Missing does not exist or is not attachable.");
    }

    [Test]
    public async Task AssumeRole_PolicyArnOfAnotherAccount_ReturnsNoSuchEntity()
    {
        var result = await _sts.AssumeRoleAsync(Alice, Request("arn:aws:iam::210987654321:policy/ReadOnly"));
        result.Error!.Code.Should().Be("NoSuchEntity");
    }

    [Test]
    public async Task AssumeRole_PolicyArnThatIsNotAPolicyArn_ReturnsValidationError()
    {
        var result = await _sts.AssumeRoleAsync(Alice, Request("arn:aws:iam::123456789012:role/Worker"));

        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain("policyArns.1.member.arn");
    }

    [Test]
    public async Task AssumeRole_PolicyArnsWithoutTrust_ReturnsAccessDeniedBeforeRevealingWhetherPoliciesExist()
    {
        (await _iam.DeleteUserPolicyAsync(Root, new DeleteUserPolicyRequest("alice", "assume"))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleAsync(Alice, Request("arn:aws:iam::123456789012:policy/Missing"));

        result.Error!.Code.Should().Be("AccessDenied");
    }
}
