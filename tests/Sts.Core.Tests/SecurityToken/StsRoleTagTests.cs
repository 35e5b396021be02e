using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// Role and user tags with the real IAM service and evaluator: the assumed role's tags are <c>iam:ResourceTag/KEY</c>
/// to its trust policy (Ceph's s3-tests row 33), and <see cref="IamStsDirectory.GetPrincipalTagsAsync"/> gives a
/// session its session tags and then its role's tags, and a user its own tags.
/// </summary>
public class StsRoleTagTests
{
    private const string AccountNumber = "123456789012";
    private const string TrustOnRoleTag = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"iam:ResourceTag/Department":"Engineering"}}}]}""";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private IamService _iam = null!;
    private IamStsDirectory _directory = null!;
    private StsService _sts = null!;
    private StsCredentialResolver _resolver = null!;
    private IamUser _alice = null!;

    [SetUp]
    public async Task CreateServices()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _iam = new IamService(new InMemoryIamStore(), null, clock);
        _directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        var sealer = new SessionTokenSealer(ring, clock);
        _resolver = new StsCredentialResolver(_iam, sealer);
        _sts = new StsService(sealer, _directory, new PolicyEvaluatorStsDecider(_directory), new InMemoryMfaDevices(),
            new TotpVerifier(clock), _directory, new AuthorizationMessageSealer(ring), clock);
        _alice = (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice", Tags: [new IamTag("Team", "Blue")]))).Value;
    }

    private StsCaller Alice => StsCaller.ForUser(AccountNumber, _alice.Arn, _alice.UserId);

    [TestCase("Engineering", true)]
    [TestCase("Marketing", false)]
    public async Task AssumeRole_TrustConditionOnIamResourceTag_DecidedByTheRoleTags(string roleDepartment, bool allowed)
    {
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Tagged", TrustOnRoleTag, Tags: [new IamTag("Department", roleDepartment)]))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleAsync(Alice, new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Tagged", RoleSessionName = "session1" });

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
        if (!allowed)
        {
            result.Error!.Code.Should().Be("AccessDenied");
        }
    }

    [Test]
    public async Task AssumeRole_TrustConditionOnIamResourceTag_UntaggedRoleIsRefused()
    {
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Plain", TrustOnRoleTag))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleAsync(Alice, new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Plain", RoleSessionName = "session1" });

        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task GetPrincipalTags_RoleSession_SessionTagsThenRoleTagsOfOtherKeys()
    {
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Tagged", trust, Tags: [new IamTag("Department", "Engineering"), new IamTag("CostCenter", "42")]))).IsSuccess.Should().BeTrue();
        var assumed = await _sts.AssumeRoleAsync(Alice, new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Tagged",
            RoleSessionName = "session1",
            Tags = [new SessionTag("department", "Marketing")],
        });

        var tags = await _directory.GetPrincipalTagsAsync(StsCaller.ForSession(assumed.Value.Session));

        tags.Should().Equal(new SessionTag("department", "Marketing"), new SessionTag("CostCenter", "42"));
    }

    [Test]
    public async Task GetPrincipalTags_RoleSession_SameTagsInTheSameOrderAsTheResolvedCaller()
    {
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Tagged", trust, Tags: [new IamTag("Department", "Engineering"), new IamTag("CostCenter", "42")]))).IsSuccess.Should().BeTrue();
        var assumed = await _sts.AssumeRoleAsync(Alice, new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Tagged",
            RoleSessionName = "session1",
            Tags = [new SessionTag("department", "Marketing"), new SessionTag("Project", "Apollo")],
        });
        var resolved = await _resolver.ResolveAsync(assumed.Value.Credentials.AccessKeyId, assumed.Value.Credentials.SessionToken, CancellationToken.None);
        var caller = ((AuthenticatedCaller)resolved.Identity!).Caller;

        caller.PrincipalTags.Should().Equal(new SessionTag("department", "Marketing"), new SessionTag("Project", "Apollo"), new SessionTag("CostCenter", "42"));
        (await _directory.GetPrincipalTagsAsync(caller)).Should().Equal(caller.PrincipalTags);
    }

    [Test]
    public void MergeTags_MultiValuedTags_SessionTagsFirstEveryValueKept()
    {
        var merged = StsCaller.MergeTags(
            [new SessionTag("Team", ["blue", "green"]), new SessionTag("Env", "prod")],
            [new SessionTag("env", ["dev", "test"])]);

        merged.Should().Equal(new SessionTag("env", ["dev", "test"]), new SessionTag("Team", ["blue", "green"]));
    }

    [Test]
    public void EntityTags_KeyStoredTwiceInOtherCase_OneTagWithBothValuesSpelledAsTheFirst()
    {
        var tags = StsCaller.EntityTags([new IamTag("Department", "Engineering"), new IamTag("Env", "prod"), new IamTag("department", "Marketing")]);

        tags.Should().Equal(new SessionTag("Department", ["Engineering", "Marketing"]), new SessionTag("Env", "prod"));
    }

    [Test]
    public async Task GetPrincipalTags_UserAndRoot_UserTagsAndNone()
    {
        (await _directory.GetPrincipalTagsAsync(Alice)).Should().Equal(new SessionTag("Team", "Blue"));
        (await _directory.GetPrincipalTagsAsync(StsCaller.ForAccountRoot(AccountNumber))).Should().BeEmpty();
    }
}
