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
/// A role session's principal tags (<c>aws:PrincipalTag/*</c>) are its role's tags overridden by its session tags with the
/// same key (ignoring case). Checked end to end: the session's credentials go through <see cref="StsCredentialResolver"/>
/// and the caller then assumes a second role whose trust policy tests <c>aws:PrincipalTag/team</c> with the real evaluator.
/// </summary>
public class StsPrincipalTagTests
{
    private const string AccountNumber = "123456789012";
    private const string DeployerArn = "arn:aws:iam::123456789012:role/ci/Deployer";
    private const string TargetArn = "arn:aws:iam::123456789012:role/Target";
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
    private const string TrustBlueDeployers = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci/Deployer"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}]}""";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private IamService _iam = null!;
    private StsService _sts = null!;
    private StsCredentialResolver _resolver = null!;
    private StsCaller _alice = null!;

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
        var alice = (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice"))).Value;
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        _alice = StsCaller.ForUser(AccountNumber, alice.Arn, alice.UserId);
        var deployerTags = new[] { new IamTag("team", "blue"), new IamTag("env", "prod") };
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Deployer", TrustAccount, Path: "/ci/", Tags: deployerTags))).IsSuccess.Should().BeTrue();
        (await _iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Deployer", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Target", TrustBlueDeployers))).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task AssumeRole_SessionWithoutSessionTags_CarriesTheRoleTagsAsPrincipalTags()
    {
        var deployer = await DeployerSessionAsync();

        deployer.PrincipalTags.Select(t => (t.Key, t.Value)).Should().BeEquivalentTo(new[] { ("team", "blue"), ("env", "prod") });
        deployer.Session!.Tags.Should().BeEmpty("role tags are read when a request is authorized, not sealed into the token");
        (await _sts.AssumeRoleAsync(deployer, new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "next" })).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task AssumeRole_SessionTagWithTheSameKeyInOtherCase_OverridesTheRoleTag()
    {
        var deployer = await DeployerSessionAsync(new SessionTag("TEAM", "red"));

        deployer.PrincipalTags.Select(t => (t.Key, t.Value)).Should().BeEquivalentTo(new[] { ("env", "prod"), ("TEAM", "red") });
        deployer.TryGetPrincipalTag("team", out var team).Should().BeTrue();
        team.Should().Be("red");
        var denied = await _sts.AssumeRoleAsync(deployer, new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "next" });
        denied.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_SessionTagWithAnotherKey_KeepsTheRoleTags()
    {
        var deployer = await DeployerSessionAsync(new SessionTag("project", "apollo"));

        deployer.PrincipalTags.Select(t => (t.Key, t.Value)).Should().BeEquivalentTo(new[] { ("team", "blue"), ("env", "prod"), ("project", "apollo") });
        (await _sts.AssumeRoleAsync(deployer, new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "next" })).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task AssumeRole_RoleTagChangedAfterTheSessionWasIssued_UsesTheRoleTagsOfNow()
    {
        var credentials = await DeployerCredentialsAsync();
        (await _iam.TagRoleAsync(Root, new TagRoleRequest("Deployer", [new IamTag("team", "green")]))).IsSuccess.Should().BeTrue();

        var deployer = await ResolveAsync(credentials);

        deployer.TryGetPrincipalTag("team", out var team).Should().BeTrue();
        team.Should().Be("green");
        (await _sts.AssumeRoleAsync(deployer, new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "next" })).Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public void ForSession_WebIdentitySessionWithRoleTags_MergesLikeAssumeRole()
    {
        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.WebIdentity,
            Account = AccountNumber,
            RoleArn = DeployerArn,
            RoleId = "AROAEXAMPLEDEPLOYER12",
            RoleSessionName = "web",
            WebIdentityProvider = "issuer.example.com",
            WebIdentitySubject = "user-1",
            WebIdentityAudience = "app",
            Tags = [new SessionTag("Team", "idp")],
            IssuedAt = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
            Expiration = new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero),
        };

        var caller = StsCaller.ForSession(session, [new SessionTag("team", "blue"), new SessionTag("env", "prod")]);

        caller.PrincipalTags.Select(t => (t.Key, t.Value)).Should().BeEquivalentTo(new[] { ("env", "prod"), ("Team", "idp") });
    }

    [Test]
    public void ForSession_UserSession_CarriesItsUserTagsButARootSessionNone()
    {
        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.UserSession,
            Account = AccountNumber,
            CallerArn = "arn:aws:iam::123456789012:user/alice",
            CallerUserId = "AIDAEXAMPLEALICE12345",
            IssuedAt = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
            Expiration = new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero),
        };

        // A user's GetSessionToken session has its user's tags (the resolver passes them); a root session has none.
        StsCaller.ForSession(session, [new SessionTag("team", "blue")]).PrincipalTags.Should().ContainSingle(t => t.Key == "team" && t.Value == "blue");
        var rootSession = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.UserSession,
            Account = AccountNumber,
            CallerArn = "arn:aws:iam::123456789012:root",
            CallerUserId = AccountNumber,
            IssuedAt = session.IssuedAt,
            Expiration = session.Expiration,
        };
        StsCaller.ForSession(rootSession, [new SessionTag("team", "blue")]).PrincipalTags.Should().BeEmpty();
    }

    private async Task<StsCaller> DeployerSessionAsync(params SessionTag[] sessionTags) => await ResolveAsync(await DeployerCredentialsAsync(sessionTags));

    private async Task<TemporaryCredentials> DeployerCredentialsAsync(params SessionTag[] sessionTags)
    {
        var assumed = await _sts.AssumeRoleAsync(_alice, new AssumeRoleRequest { RoleArn = DeployerArn, RoleSessionName = "build", Tags = [.. sessionTags] });
        assumed.IsSuccess.Should().BeTrue(assumed.Error?.ToString());
        return assumed.Value.Credentials;
    }

    private async Task<StsCaller> ResolveAsync(TemporaryCredentials credentials)
    {
        var resolved = await _resolver.ResolveAsync(credentials.AccessKeyId, credentials.SessionToken, CancellationToken.None);
        resolved.IsSuccess.Should().BeTrue(resolved.FailureMessage);
        return ((AuthenticatedCaller)resolved.Identity!).Caller;
    }
}
