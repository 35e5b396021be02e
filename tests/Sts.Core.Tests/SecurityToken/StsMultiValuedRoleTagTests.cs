using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Protocol;
using Sts.Core.SecurityToken;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// Ceph's multi-valued role tags (<see cref="CephCompatibility.MultiValuedSessionTags"/>; Ceph's s3-tests row 33 tags a
/// role Department=Engineering and Department=Marketing) flowing into the role's sessions with the real IAM service,
/// credential resolver and evaluator: <c>iam:ResourceTag/KEY</c> to the trust policy, and <c>aws:PrincipalTag/KEY</c> with
/// every value to later STS trust decisions and IAM calls (<c>StringEquals</c> matches when any value matches,
/// <c>ForAllValues</c>/<c>ForAnyValue</c> see them all).
/// </summary>
public class StsMultiValuedRoleTagTests
{
    private const string AccountNumber = "123456789012";
    private const string TaggedArn = "arn:aws:iam::123456789012:role/Tagged";
    private const string TargetArn = "arn:aws:iam::123456789012:role/Target";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}]}""";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private IamService _iam = null!;
    private IamStsDirectory _directory = null!;
    private StsService _sts = null!;
    private StsCredentialResolver _resolver = null!;
    private QueryDispatcher _dispatcher = null!;
    private StsCaller _alice = null!;

    [SetUp]
    public async Task CreateServices()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _iam = new IamService(new InMemoryIamStore(), new IamServiceOptions { CephCompatibility = CephCompatibility.MultiValuedSessionTags }, clock);
        _directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        var sealer = new SessionTokenSealer(ring, clock);
        _sts = new StsService(sealer, _directory, new PolicyEvaluatorStsDecider(_directory), new InMemoryMfaDevices(), new TotpVerifier(clock), _directory, new AuthorizationMessageSealer(ring), clock);
        _resolver = new StsCredentialResolver(_iam, sealer);
        _dispatcher = new QueryDispatcher(_sts, _iam);
        var alice = (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice"))).Value;
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        _alice = StsCaller.ForUser(AccountNumber, alice.Arn, alice.UserId);
    }

    private static string TrustAliceWhen(string condition) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{{condition}}}]}""";

    private async Task CreateTaggedRoleAsync(string trustCondition = "{}")
    {
        var tags = new[] { new IamTag("Department", "Engineering"), new IamTag("Department", "Marketing"), new IamTag("env", "prod") };
        var created = await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Tagged", TrustAliceWhen(trustCondition), Tags: tags));
        created.IsSuccess.Should().BeTrue(created.Error?.ToString());
    }

    [TestCase("Engineering", true)]
    [TestCase("Marketing", true)]
    [TestCase("Sales", false)]
    public async Task AssumeRole_TrustOnIamResourceTagOfARepeatedKey_AnyValueMatches(string department, bool allowed)
    {
        await CreateTaggedRoleAsync($$$"""{"StringEquals":{"iam:ResourceTag/Department":"{{{department}}}"}}""");

        var result = await _sts.AssumeRoleAsync(_alice, new AssumeRoleRequest { RoleArn = TaggedArn, RoleSessionName = "s1" });

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
    }

    [Test]
    public async Task ResolvedSession_RepeatedRoleTagKey_OnePrincipalTagWithEveryValue()
    {
        await CreateTaggedRoleAsync();

        var caller = (await TaggedSessionAsync()).Caller;

        caller.PrincipalTags.Should().Equal(new SessionTag("Department", ["Engineering", "Marketing"]), new SessionTag("env", "prod"));
        (await _directory.GetPrincipalTagsAsync(caller)).Should().Equal(caller.PrincipalTags, "the gateway's directory and the resolver merge the same way");
    }

    [Test]
    public async Task ResolvedSession_SessionTagOnARepeatedRoleTagKey_OverridesEveryValue()
    {
        await CreateTaggedRoleAsync();

        var caller = (await TaggedSessionAsync(new SessionTag("department", "Sales"))).Caller;

        caller.PrincipalTags.Should().Equal(new SessionTag("department", "Sales"), new SessionTag("env", "prod"));
    }

    [TestCase("""{"StringEquals":{"aws:PrincipalTag/Department":"Marketing"}}""", true, TestName = "Session_StringEqualsOneOfTheRoleTagValues_IsAllowed")]
    [TestCase("""{"StringEquals":{"aws:PrincipalTag/Department":"Sales"}}""", false, TestName = "Session_StringEqualsNoRoleTagValue_IsDenied")]
    [TestCase("""{"ForAllValues:StringEquals":{"aws:PrincipalTag/Department":["Engineering","Marketing","Sales"]}}""", true, TestName = "Session_ForAllValuesCoveringEveryRoleTagValue_IsAllowed")]
    [TestCase("""{"ForAllValues:StringEquals":{"aws:PrincipalTag/Department":["Engineering"]}}""", false, TestName = "Session_ForAllValuesMissingARoleTagValue_IsDenied")]
    [TestCase("""{"ForAnyValue:StringEquals":{"aws:PrincipalTag/Department":["Marketing"]}}""", true, TestName = "Session_ForAnyValueMatchingTheSecondRoleTagValue_IsAllowed")]
    [TestCase("""{"ForAnyValue:StringEquals":{"aws:PrincipalTag/Department":["Sales","Support"]}}""", false, TestName = "Session_ForAnyValueMatchingNoRoleTagValue_IsDenied")]
    public async Task Session_ConditionOnAMultiValuedRoleTag_SeesEveryValueInStsAndIam(string condition, bool allowed)
    {
        await CreateTaggedRoleAsync();
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*","Condition":{{condition}}}]}""";
        (await _iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Tagged", "list", policy))).IsSuccess.Should().BeTrue();
        (await _iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Tagged", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{TaggedArn}}"},"Action":"sts:AssumeRole","Condition":{{condition}}}]}""";
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Target", trust))).IsSuccess.Should().BeTrue();
        var session = await TaggedSessionAsync();

        var assumed = await _sts.AssumeRoleAsync(session.Caller, new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "next" });
        var listed = await _dispatcher.DispatchAsync(new QueryProtocol().Parse(Encoding.UTF8.GetBytes("Action=ListUsers&Version=2010-05-08")).Request!, session);

        assumed.IsSuccess.Should().Be(allowed, assumed.Error?.ToString());
        listed.IsSuccess.Should().Be(allowed, listed.Error?.ToString());
    }

    private async Task<AuthenticatedCaller> TaggedSessionAsync(params SessionTag[] sessionTags)
    {
        var assumed = await _sts.AssumeRoleAsync(_alice, new AssumeRoleRequest { RoleArn = TaggedArn, RoleSessionName = "s1", Tags = [.. sessionTags] });
        assumed.IsSuccess.Should().BeTrue(assumed.Error?.ToString());
        var resolved = await _resolver.ResolveAsync(assumed.Value.Credentials.AccessKeyId, assumed.Value.Credentials.SessionToken, CancellationToken.None);
        resolved.IsSuccess.Should().BeTrue(resolved.FailureMessage);
        return (AuthenticatedCaller)resolved.Identity!;
    }
}
