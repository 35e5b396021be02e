using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tokens;
using Sts.Policy.Evaluation;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// The Ceph compatibility profile's IAM and STS deviations, each in AWS mode (default) and in Ceph mode, through the
/// real IAM service, STS service, STS directory and policy evaluator: a <c>Principal</c> inside an identity policy,
/// the <c>arn:aws:iam::A:assumed-role/R/S</c> session form, and multi-valued session tags kept in the sealed session.
/// </summary>
[TestFixture]
public sealed class CephProfileTests
{
    private const string AccountNumber = "123456789012";

    // Ceph's s3-tests (rows 5 and 6 of ceph-rgw.md §8) put "Principal":"*" inside a role policy.
    private const string RolePolicyWithPrincipal =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";

    private const string UserPolicyWithPrincipal =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"iam:ListRoles","Resource":"*"}]}""";

    private const string TrustAccount =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";

    private static readonly AccountId Account = AccountId.Parse(AccountNumber);
    private static readonly IamPrincipal Root = IamPrincipal.Root(Account);

    private FakeTimeProvider _clock = null!;
    private SessionKeyRing _ring = null!;

    [SetUp]
    public void CreateClock()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _ring = SessionKeyRing.CreateWithNewKey();
    }

    private (IamService Iam, IamStsDirectory Directory, StsService Sts, SessionTokenSealer Sealer) Services(CephCompatibility profile)
    {
        var iam = new IamService(new InMemoryIamStore(), new IamServiceOptions { CephCompatibility = profile }, _clock);
        var directory = new IamStsDirectory(iam);
        var sealer = new SessionTokenSealer(_ring, _clock);
        var sts = new StsService(sealer, directory, new PolicyEvaluatorStsDecider(directory, cephCompatibility: profile), new InMemoryMfaDevices(),
            new TotpVerifier(_clock), directory, new AuthorizationMessageSealer(_ring), _clock);
        return (iam, directory, sts, sealer);
    }

    private static async Task<T> Ok<T>(ValueTask<StsResult<T>> call)
    {
        var result = await call;
        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        return result.Value;
    }

    // ---- Principal inside an identity policy ----

    [Test]
    public async Task PutRolePolicy_PrincipalInPolicy_AwsMode_ReturnsMalformedPolicyDocument()
    {
        var (iam, _, _, _) = Services(CephCompatibility.None);
        await Ok(iam.CreateRoleAsync(Root, new CreateRoleRequest("Reader", TrustAccount)));

        var result = await iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Reader", "read", RolePolicyWithPrincipal));

        result.Error!.Code.Should().Be("MalformedPolicyDocument");
        result.Error.Message.Should().Be("Policy document should not specify a principal.");
    }

    [Test]
    public async Task PutRolePolicy_PrincipalInPolicy_CephMode_StoredAndIgnoredWhenTheSessionIsEvaluated()
    {
        var (iam, directory, sts, _) = Services(CephCompatibility.PrincipalInIdentityPolicyIgnored);
        await Ok(iam.CreateRoleAsync(Root, new CreateRoleRequest("Reader", TrustAccount)));

        await Ok(iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Reader", "read", RolePolicyWithPrincipal)));

        var session = (await Ok(sts.AssumeRoleAsync(StsCaller.ForAccountRoot(AccountNumber), new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Reader",
            RoleSessionName = "sess",
        }))).Session;
        var input = await directory.GetPoliciesAsync(StsCaller.ForSession(session));
        input.Should().NotBeNull("the stored policy must compile for the session");
        RequestPrincipal.TryFromArn(session.PrincipalArn, out var principal, out _).Should().BeTrue();
        PolicyDecision Decide(string action) => PolicyEvaluator.Evaluate(input!, new RequestContextBuilder()
            .WithPrincipal(principal!).WithAction(action).WithResource("arn:aws:s3:::bucket/key").AddPrincipalKeys().Build());
        Decide("s3:GetObject").Should().Be(PolicyDecision.Allow);
        Decide("s3:PutObject").Should().Be(PolicyDecision.ImplicitDeny);
    }

    [Test]
    public async Task PutUserPolicy_PrincipalNamingAnotherAccount_CephMode_IgnoredSoTheUserIsAllowed()
    {
        var (iam, _, _, _) = Services(CephCompatibility.PrincipalInIdentityPolicyIgnored);
        await Ok(iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var asAlice = IamPrincipal.User(Account, "alice");
        (await iam.ListRolesAsync(asAlice, new ListRolesRequest())).Error!.Code.Should().Be("AccessDenied");

        await Ok(iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "list", UserPolicyWithPrincipal)));

        (await iam.ListRolesAsync(asAlice, new ListRolesRequest())).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task PutUserPolicy_PrincipalInPolicy_AwsMode_ReturnsMalformedPolicyDocument()
    {
        var (iam, _, _, _) = Services(CephCompatibility.None);
        await Ok(iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

        var result = await iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "list", UserPolicyWithPrincipal));

        result.Error!.Code.Should().Be("MalformedPolicyDocument");
        result.Error.Message.Should().Be("Policy document should not specify a principal.");
    }

    [TestCase(CephCompatibility.None, "MalformedPolicyDocument")]
    [TestCase(CephCompatibility.PrincipalInIdentityPolicyIgnored, null)]
    public async Task CreatePolicy_PrincipalInManagedPolicy_RefusedOnlyInAwsMode(CephCompatibility profile, string? expectedCode)
    {
        var (iam, _, _, _) = Services(profile);

        var result = await iam.CreatePolicyAsync(Root, new CreatePolicyRequest("read", RolePolicyWithPrincipal));

        result.Error?.Code.Should().Be(expectedCode);
    }

    [Test]
    public async Task AssumeRole_SessionPolicyWithPrincipal_CephMode_StillMalformed()
    {
        // The deviation covers identity policies only: session policies keep AWS's rule in both modes.
        var (iam, _, sts, _) = Services(CephCompatibility.All);
        await Ok(iam.CreateRoleAsync(Root, new CreateRoleRequest("Reader", TrustAccount)));

        var result = await sts.AssumeRoleAsync(StsCaller.ForAccountRoot(AccountNumber), new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Reader",
            RoleSessionName = "sess",
            Policy = RolePolicyWithPrincipal,
        });

        result.Error!.Code.Should().Be("MalformedPolicyDocument");
    }

    // ---- arn:aws:iam::A:assumed-role/R/S names a role session ----

    private static string TrustSession(string sessionArn) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{sessionArn}}"},"Action":"sts:AssumeRole"}]}""";

    private static async Task<StsResult<AssumeRoleResponse>> ChainAsync(CephCompatibility profile, string trustedSessionArn)
    {
        var test = new CephProfileTests();
        test.CreateClock();
        var (iam, _, sts, _) = test.Services(profile);
        await Ok(iam.CreateRoleAsync(Root, new CreateRoleRequest("First", TrustAccount)));
        await Ok(iam.CreateRoleAsync(Root, new CreateRoleRequest("Second", TrustSession(trustedSessionArn))));
        var first = (await Ok(sts.AssumeRoleAsync(StsCaller.ForAccountRoot(AccountNumber), new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/First",
            RoleSessionName = "s1",
        }))).Session;

        return await sts.AssumeRoleAsync(StsCaller.ForSession(first), new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Second",
            RoleSessionName = "s2",
        });
    }

    [TestCase(CephCompatibility.None)]
    [TestCase(CephCompatibility.IamFormSessionArn)]
    public async Task AssumeRole_TrustNamesTheStsSessionArn_AllowedInBothModes(CephCompatibility profile)
    {
        var result = await ChainAsync(profile, "arn:aws:sts::123456789012:assumed-role/First/s1");

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }

    [Test]
    public async Task AssumeRole_TrustNamesTheIamFormSessionArn_AwsMode_ReturnsAccessDenied()
    {
        var result = await ChainAsync(CephCompatibility.None, "arn:aws:iam::123456789012:assumed-role/First/s1");

        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_TrustNamesTheIamFormSessionArn_CephMode_ReturnsSession()
    {
        var result = await ChainAsync(CephCompatibility.IamFormSessionArn, "arn:aws:iam::123456789012:assumed-role/First/s1");

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value.AssumedRoleUser.Arn.Should().Be("arn:aws:sts::123456789012:assumed-role/Second/s2");
    }

    [Test]
    public async Task AssumeRole_TrustNamesTheIamFormOfAnotherSession_CephMode_ReturnsAccessDenied()
    {
        var result = await ChainAsync(CephCompatibility.IamFormSessionArn, "arn:aws:iam::123456789012:assumed-role/First/other");

        result.Error!.Code.Should().Be("AccessDenied");
    }

    /// <summary>Ceph's s3-tests rows 16 and 19: a bucket policy names the session as arn:aws:iam:::assumed-role/R/S (default tenant).</summary>
    [TestCase(false, PolicyDecision.ImplicitDeny)]
    [TestCase(true, PolicyDecision.Allow)]
    public void Evaluate_BucketPolicyNamesTheIamFormSessionArn_MatchesOnlyWhenThePrincipalAcceptsIt(bool cephMode, PolicyDecision expected)
    {
        var bucketPolicy = Sts.Policy.PolicyParser.Parse(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:::assumed-role/S3Access/Bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}]}""",
            Sts.Policy.PolicyKind.Resource);
        bucketPolicy.IsValid.Should().BeTrue();
        RequestPrincipal.TryFromArn("arn:aws:sts:::assumed-role/S3Access/Bob", out var session, out _).Should().BeTrue();
        var principal = session!.With(roleArn: "arn:aws:iam:::role/S3Access", acceptsIamSessionArn: cephMode);
        var input = new PolicyEvaluationInput { ResourcePolicy = CompiledPolicy.Compile(bucketPolicy.Document!, "bucket", PolicySource.Resource), ResourceAccountId = string.Empty };

        var decision = PolicyEvaluator.Evaluate(input, new RequestContextBuilder()
            .WithPrincipal(principal).WithAction("s3:GetObject").WithResource("arn:aws:s3:::my-bucket/key").AddPrincipalKeys().Build());

        decision.Should().Be(expected);
    }

    // ---- multi-valued session tags travel in the sealed session ----

    [Test]
    public void Seal_MultiValuedTag_OpensWithEveryValue()
    {
        var sealer = new SessionTokenSealer(_ring, _clock);
        var session = NewWebSession([new SessionTag("Department", ["Engineering", "Marketing"]), new SessionTag("Project", "Sts")]);

        var opened = sealer.Open(sealer.Seal(session).Value.Token, session.AccessKeyId).Value;

        opened.Tags.Should().Equal(session.Tags);
        opened.Tags[0].Values.Should().Equal("Engineering", "Marketing");
        opened.Tags[1].Values.Should().Equal("Sts");
    }

    [Test]
    public void Seal_SingleValuedTags_TokenCarriesNoMultiValueFlag()
    {
        // Sessions under AWS rules encode exactly as before the Ceph profile existed: same length for the same tags.
        var sealer = new SessionTokenSealer(_ring, _clock);
        var single = NewWebSession([new SessionTag("Department", "Engineering")]);
        var multi = NewWebSession([new SessionTag("Department", ["Engineering", "Marketing"])]);

        var singleToken = sealer.Seal(single).Value.Token;
        var multiToken = sealer.Seal(multi).Value.Token;

        sealer.Open(singleToken, single.AccessKeyId).Value.Tags.Should().Equal(new SessionTag("Department", "Engineering"));
        multiToken.Length.Should().BeGreaterThan(singleToken.Length);
    }

    [Test]
    public void Seal_MoreThanFiftyTagValues_IsRefused()
    {
        var sealer = new SessionTokenSealer(_ring, _clock);
        var session = NewWebSession([new SessionTag("Many", Enumerable.Range(0, 51).Select(i => $"v{i}").ToArray())]);

        FluentActions.Invoking(() => sealer.Seal(session)).Should().Throw<ArgumentException>().WithMessage("*more than 50 session tag values*");
    }

    private SessionState NewWebSession(SessionTag[] tags) => new()
    {
        AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
        SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
        Kind = SessionPrincipalKind.WebIdentity,
        Account = AccountNumber,
        RoleArn = "arn:aws:iam::123456789012:role/S3Access",
        RoleId = "AROAEXAMPLEEXAMPLE123",
        RoleSessionName = "Bob",
        Tags = [.. tags],
        WebIdentityProvider = "localhost:8080/auth/realms/demo",
        WebIdentitySubject = "alice",
        WebIdentityAudience = "customer-portal",
        IssuedAt = _clock.GetUtcNow(),
        Expiration = _clock.GetUtcNow().AddHours(1),
    };
}
