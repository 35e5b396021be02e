using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.DependencyInjection;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Policy.Evaluation;
using Sts.SigV4;

namespace Sts.Core.Tests.Hosting;

/// <summary>
/// <see cref="S3RequestAuthorizer"/> on requests signed by botocore (the AWS SDK for Python's signer, an independent
/// peer) with temporary credentials from AssumeRole, all wired by <c>AddSts</c>.
/// </summary>
public class S3RequestAuthorizerTests
{
    private const string Account = "123456789012";
    private const string Trust = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}""";
    private const string ReadPhotos = """{"Version":"2012-10-17","Statement":{"Sid":"ReadPhotos","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}}""";
    private const string DenyPrivate = """{"Version":"2012-10-17","Statement":{"Sid":"NoPrivate","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/private/*"}}""";

    private const string TeamBlueReads = """{"Version":"2012-10-17","Statement":{"Sid":"TeamBlue","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}}""";

    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private ServiceProvider _provider = null!;
    private TemporaryCredentials _credentials = null!;

    [SetUp]
    public async Task AssumeRole()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSts();
        _provider = services.BuildServiceProvider();
        var iam = _provider.GetRequiredService<IamService>();
        var root = IamPrincipal.Root(AccountId.Parse(Account));
        (await iam.CreateRoleAsync(root, new CreateRoleRequest("Reader", Trust))).IsSuccess.Should().BeTrue();
        (await iam.PutRolePolicyAsync(root, new PutRolePolicyRequest("Reader", "read", ReadPhotos))).IsSuccess.Should().BeTrue();
        var assumed = await _provider.GetRequiredService<StsService>().AssumeRoleAsync(
            StsCaller.ForAccountRoot(Account), new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Account}:role/Reader", RoleSessionName = "sess" });
        _credentials = assumed.Value.Credentials;
    }

    [TearDown]
    public async Task DisposeProvider() => await _provider.DisposeAsync();

    private S3RequestAuthorizer Authorizer => _provider.GetRequiredService<S3RequestAuthorizer>();

    [Test]
    public async Task AuthorizeAsync_BotocoreSignedGetAllowedByTheRolePolicy_AllowsAndNamesTheStatement()
    {
        var result = await Authorizer.AuthorizeAsync(SignWithBotocore("/photos/cat.jpg"));

        result.IsAllowed.Should().BeTrue(result.Reason);
        result.Decision.Should().Be(PolicyDecision.Allow);
        result.Caller!.Caller.Arn.Should().Be("arn:aws:sts::123456789012:assumed-role/Reader/sess");
        result.Check!.Action.Should().Be("s3:GetObject");
        result.Reason.Should().StartWith("allowed: s3:GetObject on arn:aws:s3:::photos/cat.jpg for arn:aws:sts::123456789012:assumed-role/Reader/sess by statement 0 (ReadPhotos)");
    }

    [Test]
    public async Task AuthorizeAsync_OtherBucket_ImplicitDenyWithAccessDenied()
    {
        var result = await Authorizer.AuthorizeAsync(SignWithBotocore("/videos/cat.mp4"));

        result.Decision.Should().Be(PolicyDecision.ImplicitDeny);
        result.Error!.Code.Should().Be("AccessDenied");
        result.Reason.Should().Be("implicitly denied: no policy allows s3:GetObject on arn:aws:s3:::videos/cat.mp4 for arn:aws:sts::123456789012:assumed-role/Reader/sess");
    }

    [Test]
    public async Task AuthorizeAsync_BucketPolicyDenies_ExplicitDenyNamingTheBucketPolicy()
    {
        var result = await Authorizer.AuthorizeAsync(SignWithBotocore("/photos/private/a.jpg"), new S3BucketPolicy("photos", DenyPrivate, Account));

        result.Decision.Should().Be(PolicyDecision.ExplicitDeny);
        result.Error!.Code.Should().Be("AccessDenied");
        result.Reason.Should().Contain("explicitly denied: s3:GetObject on arn:aws:s3:::photos/private/a.jpg").And.Contain("(NoPrivate) of resource policy bucket-policy:photos");
    }

    [Test]
    public async Task AuthorizeAsync_PathChangedAfterSigning_SignatureDoesNotMatch()
    {
        var signed = SignWithBotocore("/photos/cat.jpg");
        var altered = new SigV4Request { Method = signed.Method, RawPath = "/photos/dog.jpg", RawQuery = signed.RawQuery, Headers = signed.Headers };

        var result = await Authorizer.AuthorizeAsync(altered);

        result.IsAllowed.Should().BeFalse();
        result.Caller.Should().BeNull();
        result.Error!.Code.Should().Be("SignatureDoesNotMatch");
        result.Reason.Should().StartWith("the request did not authenticate: SignatureDoesNotMatch: ");
    }

    [Test]
    public async Task AuthorizeAsync_InvalidBucketName_RefusedBeforeVerification()
    {
        var result = await Authorizer.AuthorizeAsync(new SigV4Request { Method = "GET", RawPath = "/A_B/x", Headers = [new("Host", "s3.example")] });

        result.IsAllowed.Should().BeFalse();
        result.Operation.Should().BeNull();
        result.Error!.Code.Should().Be("InvalidBucketName");
    }

    [TestCase("blue", PolicyDecision.Allow)]
    [TestCase("red", PolicyDecision.ImplicitDeny)]
    public async Task AuthorizeAsync_BucketPolicyOnPrincipalTag_RoleSessionSeesItsRoleTags(string team, PolicyDecision expected)
    {
        var iam = _provider.GetRequiredService<IamService>();
        (await iam.TagRoleAsync(IamPrincipal.Root(AccountId.Parse(Account)), new TagRoleRequest("Reader", [new IamTag("team", team)]))).IsSuccess.Should().BeTrue();

        var result = await Authorizer.AuthorizeAsync(SignWithBotocore("/shared/report.pdf"), new S3BucketPolicy("shared", TeamBlueReads, Account));

        result.Decision.Should().Be(expected, result.Reason);
    }

    [TestCase("blue", PolicyDecision.Allow)]
    [TestCase("red", PolicyDecision.ImplicitDeny)]
    public async Task AuthorizeAsync_BucketPolicyOnPrincipalTag_UserSeesItsUserTags(string team, PolicyDecision expected)
    {
        var iam = _provider.GetRequiredService<IamService>();
        var root = IamPrincipal.Root(AccountId.Parse(Account));
        (await iam.CreateUserAsync(root, new CreateUserRequest("carol", Tags: [new IamTag("Team", team)]))).IsSuccess.Should().BeTrue();
        var key = (await iam.CreateAccessKeyAsync(root, new CreateAccessKeyRequest("carol"))).Value;

        var result = await Authorizer.AuthorizeAsync(SignWithBotocore("/shared/report.pdf", key.AccessKeyId, key.SecretAccessKey, null), new S3BucketPolicy("shared", TeamBlueReads, Account));

        result.Decision.Should().Be(expected, result.Reason);
        result.Caller!.Caller.Arn.Should().Be("arn:aws:iam::123456789012:user/carol");
    }

    [TestCase("blue", PolicyDecision.Allow)]
    [TestCase("red", PolicyDecision.ImplicitDeny)]
    public async Task AuthorizeAsync_BucketPolicyOnPrincipalTag_UserGetSessionTokenSessionSeesItsUserTags(string team, PolicyDecision expected)
    {
        var iam = _provider.GetRequiredService<IamService>();
        var root = IamPrincipal.Root(AccountId.Parse(Account));
        (await iam.CreateUserAsync(root, new CreateUserRequest("dave", Tags: [new IamTag("Team", team)]))).IsSuccess.Should().BeTrue();
        var user = (await iam.GetUserAsync(root, new GetUserRequest("dave"))).Value;
        var session = await _provider.GetRequiredService<StsService>().GetSessionTokenAsync(
            StsCaller.ForUser(Account, user.Arn, user.UserId), new GetSessionTokenRequest());
        session.IsSuccess.Should().BeTrue(session.Error?.ToString());
        var credentials = session.Value.Credentials;

        var result = await Authorizer.AuthorizeAsync(SignWithBotocore("/shared/report.pdf", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), new S3BucketPolicy("shared", TeamBlueReads, Account));

        result.Decision.Should().Be(expected, result.Reason);
        result.Caller!.Caller.Arn.Should().Be("arn:aws:iam::123456789012:user/dave");
    }

    [TestCase("blue", PolicyDecision.Allow)]
    [TestCase("red", PolicyDecision.ImplicitDeny)]
    public async Task AuthorizeAsync_IdentityPolicyOnPrincipalTag_SessionTagOverridesTheRoleTag(string sessionTeam, PolicyDecision expected)
    {
        var iam = _provider.GetRequiredService<IamService>();
        var root = IamPrincipal.Root(AccountId.Parse(Account));
        const string trust = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}}""";
        const string policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}}""";
        (await iam.CreateRoleAsync(root, new CreateRoleRequest("Tagged", trust, Tags: [new IamTag("team", "green")]))).IsSuccess.Should().BeTrue();
        (await iam.PutRolePolicyAsync(root, new PutRolePolicyRequest("Tagged", "read", policy))).IsSuccess.Should().BeTrue();
        var assumed = await _provider.GetRequiredService<StsService>().AssumeRoleAsync(
            StsCaller.ForAccountRoot(Account), new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Account}:role/Tagged", RoleSessionName = "tagged", Tags = [new Sts.Core.Tokens.SessionTag("TEAM", sessionTeam)] });
        assumed.IsSuccess.Should().BeTrue(assumed.Error?.ToString());
        var credentials = assumed.Value.Credentials;

        var result = await Authorizer.AuthorizeAsync(SignWithBotocore("/shared/report.pdf", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

        result.Decision.Should().Be(expected, result.Reason);
    }

    /// <summary>Signs a GET with botocore's S3 header signer at the test clock's time.</summary>
    private SigV4Request SignWithBotocore(string path) =>
        SignWithBotocore(path, _credentials.AccessKeyId, _credentials.SecretAccessKey, _credentials.SessionToken);

    /// <summary>Signs a GET with botocore's S3 header signer at the test clock's time, with the given credentials.</summary>
    private static SigV4Request SignWithBotocore(string path, string accessKeyId, string secretAccessKey, string? sessionToken)
    {
        var item = new JsonObject
        {
            ["method"] = "GET",
            ["url"] = "http://s3.example" + path,
            ["headers"] = new JsonArray(),
            ["body_b64"] = string.Empty,
            ["service"] = "s3",
            ["region"] = "us-east-1",
            ["timestamp"] = Now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["mode"] = "header",
            ["expires"] = 0,
            ["access_key"] = accessKeyId,
            ["secret_key"] = secretAccessKey,
            ["token"] = sessionToken,
        };
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Hosting", "botocore_sign.py"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(new JsonArray(item).ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "botocore_sign.py failed (python3 with botocore is required): " + stderr.Result);

        var signed = JsonNode.Parse(stdout)![0]!;
        var url = new Uri(signed["url"]!.GetValue<string>());
        var headers = signed["headers"]!.AsArray().Select(h => new KeyValuePair<string, string>(h![0]!.GetValue<string>(), h[1]!.GetValue<string>())).ToList();
        headers.Add(new("Host", url.Authority));
        return new SigV4Request { Method = "GET", RawPath = url.AbsolutePath, RawQuery = url.Query.TrimStart('?'), Headers = headers };
    }
}
