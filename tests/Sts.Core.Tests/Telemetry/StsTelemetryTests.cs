using System.Diagnostics;
using System.Text;
using Sts.Core.Accounts;
using Sts.Core.Hosting;
using Sts.Core.Iam.Requests;
using Sts.Core.Protocol;
using Sts.Core.S3;
using Sts.Core.SecurityToken;

namespace Sts.Core.Tests.Telemetry;

/// <summary>
/// Reads the <c>Sts</c> meter with a <see cref="System.Diagnostics.Metrics.MeterListener"/> and the <c>Sts</c> activity
/// source with an <see cref="ActivityListener"/>, listening by name as OpenTelemetry does, after real operations.
/// </summary>
[TestFixture]
public sealed class StsTelemetryTests
{
    private TelemetryCapture _capture = null!;

    [SetUp]
    public void Listen() => _capture = new TelemetryCapture();

    [TearDown]
    public void StopListening() => _capture.Dispose();

    [Test]
    public async Task AssumeRole_Allowed_CountsSuccessRecordsDurationAndTracesTheOperation()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: true);

        (await bed.Sts.AssumeRoleAsync(bed.AliceCaller, TelemetryTestBed.AssumeDeployer)).IsSuccess.Should().BeTrue();

        var count = _capture.Of("sts.operation.count").Should().ContainSingle(m => m.Tag("sts.operation") == "AssumeRole").Subject;
        count.Value.Should().Be(1);
        count.Tag("sts.service").Should().Be("STS");
        count.Tag("sts.outcome").Should().Be("success");
        count.Tags.Should().NotContainKey("error.type");
        var duration = _capture.Of("sts.operation.duration").Should().ContainSingle(m => m.Tag("sts.operation") == "AssumeRole").Subject;
        duration.Unit.Should().Be("s");
        duration.Value.Should().BeGreaterThan(0).And.BeLessThan(60);
        _capture.Of("sts.policy.evaluation.count").Should().ContainSingle(m => m.Tag("sts.policy.site") == "sts.trust")
            .Which.Tag("sts.policy.decision").Should().Be("allow");
        var activity = _capture.Named("STS/AssumeRole").Should().ContainSingle().Subject;
        activity.Status.Should().Be(ActivityStatusCode.Unset);
        activity.GetTagItem("rpc.system").Should().Be("aws-api");
        activity.GetTagItem("rpc.method").Should().Be("AssumeRole");
    }

    [Test]
    public async Task AssumeRole_WithoutIdentityPolicy_CountsAccessDeniedAndAnImplicitDeny()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);

        (await bed.Sts.AssumeRoleAsync(bed.AliceCaller, TelemetryTestBed.AssumeDeployer)).Error!.Code.Should().Be("AccessDenied");

        var count = _capture.Of("sts.operation.count").Should().ContainSingle(m => m.Tag("sts.operation") == "AssumeRole").Subject;
        count.Tag("sts.outcome").Should().Be("AccessDenied");
        count.Tag("error.type").Should().Be("AccessDenied");
        _capture.Of("sts.operation.duration").Should().ContainSingle(m => m.Tag("sts.operation") == "AssumeRole")
            .Which.Tag("error.type").Should().Be("AccessDenied");
        _capture.Of("sts.policy.evaluation.count").Should().ContainSingle(m => m.Tag("sts.policy.site") == "sts.trust")
            .Which.Tag("sts.policy.decision").Should().Be("implicit_deny");
        var activity = _capture.Named("STS/AssumeRole").Should().ContainSingle().Subject;
        activity.Status.Should().Be(ActivityStatusCode.Error);
        activity.GetTagItem("error.type").Should().Be("AccessDenied");
    }

    [Test]
    public async Task GetSessionTokenAndGetCallerIdentity_Called_AreCountedUnderTheirOwnNames()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);

        (await bed.Sts.GetSessionTokenAsync(bed.AliceCaller, new GetSessionTokenRequest())).IsSuccess.Should().BeTrue();
        bed.Sts.GetCallerIdentity(bed.AliceCaller).Arn.Should().Be(bed.Alice.Arn);

        _capture.Of("sts.operation.count").Select(m => (m.Tag("sts.operation"), m.Tag("sts.outcome")))
            .Should().Equal(("GetSessionToken", "success"), ("GetCallerIdentity", "success"));
        _capture.Activities.Select(a => a.OperationName).Should().Equal("STS/GetSessionToken", "STS/GetCallerIdentity");
    }

    [Test]
    public async Task Authenticate_UnknownAccessKey_CountsInvalidAccessKeyId()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);
        var (request, signedAt) = BotocoreSigner.SignGet("/bucket/key", "AKIAUNKNOWNKEY000001", "not-a-known-secret");

        var result = await bed.Verifier(signedAt).AuthenticateAsync(request);

        result.Error!.AwsCode.Should().Be("InvalidAccessKeyId");
        _capture.Of("sts.authentication.failure.count").Should().ContainSingle()
            .Which.Tag("error.type").Should().Be("InvalidAccessKeyId");
        _capture.Named("SigV4/Authenticate").Should().ContainSingle().Which.Status.Should().Be(ActivityStatusCode.Error);
    }

    [Test]
    public async Task Authenticate_SignedWithTheWrongSecret_CountsSignatureDoesNotMatch()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);
        var (request, signedAt) = BotocoreSigner.SignGet("/bucket/key", bed.AliceKey.AccessKeyId, "wrong" + bed.AliceKey.SecretAccessKey[5..]);

        var result = await bed.Verifier(signedAt).AuthenticateAsync(request);

        result.Error!.AwsCode.Should().Be("SignatureDoesNotMatch");
        _capture.Of("sts.authentication.failure.count").Should().ContainSingle()
            .Which.Tag("error.type").Should().Be("SignatureDoesNotMatch");
        _capture.Of("sts.authentication.duration").Should().ContainSingle().Which.Tag("sts.outcome").Should().Be("SignatureDoesNotMatch");
    }

    [Test]
    public async Task Authenticate_SignedByBotocoreWithTheRightSecret_RecordsSuccessAndNoFailure()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);
        var (request, signedAt) = BotocoreSigner.SignGet("/bucket/key", bed.AliceKey.AccessKeyId, bed.AliceKey.SecretAccessKey);

        var result = await bed.Verifier(signedAt).AuthenticateAsync(request);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        _capture.Of("sts.authentication.failure.count").Should().BeEmpty();
        _capture.Of("sts.authentication.duration").Should().ContainSingle().Which.Tag("sts.outcome").Should().Be("success");
        var activity = _capture.Named("SigV4/Authenticate").Should().ContainSingle().Subject;
        activity.Status.Should().Be(ActivityStatusCode.Unset);
        activity.GetTagItem("sts.access_key_id").Should().Be(bed.AliceKey.AccessKeyId);
    }

    [Test]
    public void S3Authorize_OneAllowedAndOneDeniedRequest_CountsEachCheckAndTracesBoth()
    {
        var operation = S3RequestParser.Parse("GET", "/bucket/photos/cat.jpg", [], [new("Host", "localhost")]).Value;
        var facts = new S3RequestFacts { Time = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), IsSecureTransport = true };

        S3Authorization.Authorize(operation, facts, check => check.Action == "s3:GetObject").Should().BeNull();
        S3Authorization.Authorize(operation, facts, _ => false)!.Code.Should().Be("AccessDenied");

        _capture.Of("sts.policy.evaluation.count").Where(m => m.Tag("sts.policy.site") == "s3").Select(m => m.Tag("sts.policy.decision"))
            .Should().Equal("allow", "deny");
        _capture.Of("sts.s3.authorization.duration").Select(m => (m.Tag("sts.operation"), m.Tag("sts.outcome")))
            .Should().Equal(("GetObject", "success"), ("GetObject", "AccessDenied"));
        _capture.Named("S3/Authorize").Select(a => a.Status).Should().Equal(ActivityStatusCode.Unset, ActivityStatusCode.Error);
    }

    [Test]
    public async Task IamCall_ByUserWithoutPolicy_CountsTheIamImplicitDeny()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);
        var alice = IamPrincipal.User(TelemetryTestBed.Account, "alice");

        (await bed.Iam.CreateUserAsync(alice, new CreateUserRequest("bob"))).Error!.Code.Should().Be("AccessDenied");

        _capture.Of("sts.policy.evaluation.count").Should().ContainSingle(m => m.Tag("sts.policy.site") == "iam")
            .Which.Tag("sts.policy.decision").Should().Be("implicit_deny");
    }

    [Test]
    public async Task QueryDispatcher_IamActions_AreCountedAndTracedByAction()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);
        var dispatcher = new QueryDispatcher(bed.Sts, bed.Iam);
        var request = new QueryProtocol().Parse(Encoding.UTF8.GetBytes("Action=CreateUser&Version=2010-05-08&UserName=bob")).Request!;
        var root = AuthenticatedCaller.ForRoot(TelemetryTestBed.Account);
        var alice = new AuthenticatedCaller(bed.AliceCaller, IamPrincipal.User(TelemetryTestBed.Account, "alice"));

        (await dispatcher.DispatchAsync(request, root)).IsSuccess.Should().BeTrue();
        (await dispatcher.DispatchAsync(request, alice)).Error!.Code.Should().Be("AccessDenied");

        _capture.Of("sts.operation.count").Select(m => (m.Tag("sts.service"), m.Tag("sts.operation"), m.Tag("sts.outcome")))
            .Should().Equal(("IAM", "CreateUser", "success"), ("IAM", "CreateUser", "AccessDenied"));
        _capture.Named("IAM/CreateUser").Select(a => a.Status).Should().Equal(ActivityStatusCode.Unset, ActivityStatusCode.Error);
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_AgainstTheTestProvider_CountsTheKeyRefreshAndTheOperation()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);
        var mint = bed.MintWebIdentityTokens();

        var result = await bed.Sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = TelemetryTestBed.WebRoleArn,
            RoleSessionName = "web",
            WebIdentityToken = mint.Token("alice"),
        });

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        _capture.Of("sts.jwks.refresh.count").Should().ContainSingle().Which.Tag("sts.outcome").Should().Be("success");
        _capture.Of("sts.jwks.refresh.duration").Should().ContainSingle().Which.Unit.Should().Be("s");
        _capture.Named("OIDC/JwksRefresh").Should().ContainSingle().Which.GetTagItem("sts.oidc.issuer").Should().Be(bed.IdentityProvider.Issuer);
        _capture.Of("sts.operation.count").Should().ContainSingle(m => m.Tag("sts.operation") == "AssumeRoleWithWebIdentity")
            .Which.Tag("sts.outcome").Should().Be("success");
        var operation = _capture.Named("STS/AssumeRoleWithWebIdentity").Should().ContainSingle().Subject;
        _capture.Named("OIDC/JwksRefresh").Single().ParentSpanId.Should().Be(operation.SpanId, "the key refresh runs inside the operation");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_ProviderDown_CountsAFailedKeyRefresh()
    {
        await using var bed = await TelemetryTestBed.CreateAsync(aliceMayAssume: false);
        var mint = bed.MintWebIdentityTokens();
        bed.IdentityProvider.Down = true;

        var result = await bed.Sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = TelemetryTestBed.WebRoleArn,
            RoleSessionName = "web",
            WebIdentityToken = mint.Token("alice"),
        });

        result.Error!.Code.Should().Be("IDPCommunicationError");
        _capture.Of("sts.jwks.refresh.count").Should().ContainSingle().Which.Tag("sts.outcome").Should().Be("failure");
        _capture.Named("OIDC/JwksRefresh").Should().ContainSingle().Which.Status.Should().Be(ActivityStatusCode.Error);
        _capture.Of("sts.operation.count").Should().ContainSingle(m => m.Tag("sts.operation") == "AssumeRoleWithWebIdentity")
            .Which.Tag("error.type").Should().Be("IDPCommunicationError");
    }
}
