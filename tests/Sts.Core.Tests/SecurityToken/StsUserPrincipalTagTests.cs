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
/// An IAM user's tags are its principal tags (<c>aws:PrincipalTag/KEY</c>) when it calls STS with its long-term key, as in
/// AWS: the user's key goes through <see cref="StsCredentialResolver"/> and the real evaluator decides, in the role's
/// trust policy and in the user's own identity policy.
/// </summary>
public class StsUserPrincipalTagTests
{
    private const string AccountNumber = "123456789012";
    private const string TargetArn = "arn:aws:iam::123456789012:role/Target";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private IamService _iam = null!;
    private StsService _sts = null!;
    private StsCredentialResolver _resolver = null!;

    [SetUp]
    public void CreateServices()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _iam = new IamService(new InMemoryIamStore(), null, clock);
        var directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        var sealer = new SessionTokenSealer(ring, clock);
        _sts = new StsService(sealer, directory, new PolicyEvaluatorStsDecider(directory), new InMemoryMfaDevices(), new TotpVerifier(clock), directory, new AuthorizationMessageSealer(ring), clock);
        _resolver = new StsCredentialResolver(_iam, sealer);
    }

    [TestCase("blue", true)]
    [TestCase("red", false)]
    public async Task AssumeRole_TrustOnPrincipalTagOfTheCallingUser_SeesTheUsersTags(string team, bool allowed)
    {
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}""";
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Target", trust))).IsSuccess.Should().BeTrue();
        var alice = await UserCallerAsync(new IamTag("team", team));

        var result = await _sts.AssumeRoleAsync(alice, new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "s1" });

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
        if (!allowed)
        {
            result.Error!.Code.Should().Be("AccessDenied");
        }
    }

    [TestCase("blue", true)]
    [TestCase("red", false)]
    public async Task AssumeRole_IdentityPolicyOnPrincipalTag_SeesTheUsersTags(string team, bool allowed)
    {
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/Team":"blue"}}}]}""";
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Target", trust))).IsSuccess.Should().BeTrue();
        var alice = await UserCallerAsync(new IamTag("TEAM", team));
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", policy))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleAsync(alice, new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "s1" });

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
    }

    [Test]
    public async Task ResolveAsync_LongTermKeyOfATaggedUser_CallerCarriesTheUsersTagsAsTheDirectoryReadsThem()
    {
        var alice = await UserCallerAsync(new IamTag("team", "blue"), new IamTag("env", "prod"));

        alice.PrincipalTags.Should().Equal(new SessionTag("team", "blue"), new SessionTag("env", "prod"));
        (await new IamStsDirectory(_iam).GetPrincipalTagsAsync(alice)).Should().Equal(alice.PrincipalTags);
    }

    [Test]
    public void ForUser_WithoutTags_HasNoPrincipalTags() =>
        StsCaller.ForUser(AccountNumber, "arn:aws:iam::123456789012:user/alice", "AIDAEXAMPLEALICE12345").PrincipalTags.Should().BeEmpty();

    private async Task<StsCaller> UserCallerAsync(params IamTag[] tags)
    {
        (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice", Tags: tags))).IsSuccess.Should().BeTrue();
        var key = (await _iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice"))).Value;
        var resolved = await _resolver.ResolveAsync(key.AccessKeyId, null, CancellationToken.None);
        resolved.IsSuccess.Should().BeTrue(resolved.FailureMessage);
        return ((AuthenticatedCaller)resolved.Identity!).Caller;
    }
}
