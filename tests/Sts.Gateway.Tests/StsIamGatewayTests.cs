using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;
using Sts.Policy.Evaluation;

namespace Sts.Gateway.Tests;

/// <summary>IAM users and role sessions through the gateway with the real services: identity, session and deleted
/// policies deciding S3 requests, tampered and expired session tokens, IAM read-backs (boto3), and the AWS SDK for
/// .NET's AssumeRole followed by S3 with the temporary credentials.</summary>
public sealed class StsIamGatewayTests
{
    private const string RootKey = "AKIAGATEWAYTESTROOT1";
    private const string RootSecret = "gatewaytestrootsecretgatewaytestrootsecr";

    [Test]
    public async Task Policies_UsersAndRoleSessions_DecideS3AndStsAsAwsDoes()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });

        var (exit, output, errors) = await Python.RunAsync("sts_iam_policies.py", host.Url, RootKey, RootSecret);

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["getRole"]!["Arn"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::role/Reader"));
        Assert.That(result["getRole"]!["RoleId"]!.GetValue<string>(), Does.Match("^AROA[A-Z2-7]{17}$"));
        Assert.That(result["getRole"]!["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["AWS"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::user/ALICE"));
        Assert.That(result["getRole"]!["Description"]!.GetValue<string>(), Is.EqualTo("reads"));
        Assert.That(Names(result["listRoles"]), Is.EqualTo(new[] { "Reader" }));
        Assert.That(result["getRolePolicy"]!["Statement"]![0]!["Action"]![1]!.GetValue<string>(), Is.EqualTo("s3:GetObject"));
        Assert.That(Names(result["listRolePolicies"]), Is.EqualTo(new[] { "read" }));
        Assert.That(Names(result["listUsers"]), Is.EqualTo(new[] { "ALICE" }));
        Assert.That(Names(result["listAccessKeys"]), Is.EqualTo(new[] { "Active" }));
        Assert.That(result["aliceIdentity"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::user/ALICE"));
        Assert.That(result["readerIdentity"]!.GetValue<string>(), Is.EqualTo("arn:aws:sts:::assumed-role/Reader/reading"));
        Expect(result, "aliceCreateBucketBefore", "AccessDenied", 403);
        Expect(result, "aliceCreateBucketAfter", null, 200);
        Expect(result, "aliceCreateOtherBucket", "AccessDenied", 403);
        Expect(result, "readerGet", null, 200);
        Expect(result, "readerPut", "AccessDenied", 403);
        Expect(result, "readerIam", "AccessDenied", 403);
        Expect(result, "narrowList", null, 200);
        Expect(result, "narrowGet", "AccessDenied", 403);
        Expect(result, "tamperedS3", "InvalidToken", 400);
        Expect(result, "tamperedSts", "InvalidClientTokenId", 403);
        Expect(result, "unknownKeySts", "InvalidClientTokenId", 403);
        Expect(result, "readerGetAfterPolicyDeleted", "AccessDenied", 403);
        Expect(result, "deleteRole", null, 200);
        Expect(result, "getDeletedRole", "NoSuchEntity", 404);
    }

    [Test]
    public async Task RevokeOlderSessions_DenyPolicyOnTokenIssueTime_RefusesOlderSessionsOnS3StsAndIam_NewerSessionsAndLongTermKeysAllowed()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });

        var (exit, output, errors) = await Python.RunAsync("revoke_sessions.py", host.Url, RootKey, RootSecret);

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.That(result, Is.EquivalentTo(new Dictionary<string, string>
        {
            // Before the revocation the session works everywhere (the STS message is garbage, so decoding fails after authorization).
            ["roleOlderBeforeS3"] = "ok", ["roleOlderBeforeSts"] = "InvalidAuthorizationMessageException", ["roleOlderBeforeIam"] = "ok",
            ["roleOlderS3"] = "AccessDenied", ["roleOlderSts"] = "AccessDenied", ["roleOlderIam"] = "AccessDenied",
            ["roleNewerS3"] = "ok", ["roleNewerSts"] = "InvalidAuthorizationMessageException", ["roleNewerIam"] = "ok",
            // GetSessionToken sessions, on S3 and AssumeRole.
            ["userOlderS3"] = "AccessDenied", ["userOlderSts"] = "AccessDenied",
            ["userNewerS3"] = "ok", ["userNewerSts"] = "ok",
            ["longTermS3"] = "ok",
        }), output);
    }

    [Test]
    public async Task IamSurface_Boto3_GenericBinderAnswersAndUnwiredActionIsNotImplemented()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });

        var (exit, output, errors) = await Python.RunAsync("iam_surface.py", host.Url, RootKey, RootSecret);

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["providerArn"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::oidc-provider/localhost/auth/realms/demo"));
        Assert.That(Names(result["providers"]), Is.EqualTo(new[] { "arn:aws:iam:::oidc-provider/localhost/auth/realms/demo" }));
        Assert.That(result["provider"]!["Url"]!.GetValue<string>(), Does.EndWith("localhost/auth/realms/demo"));
        Assert.That(Names(result["provider"]!["ClientIDList"]), Is.EqualTo(new[] { "customer-portal" }));
        Assert.That(Names(result["provider"]!["ThumbprintList"]), Is.EqualTo(new[] { new string('a', 40) }));
        Assert.That(Names(result["policies"]), Is.EqualTo(new[] { "s3-all" }));
        Assert.That(Names(result["attached"]), Is.EqualTo(new[] { "arn:aws:iam:::policy/s3-all" }));
        Assert.That(result["user"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::user/U1"));
        Assert.That(result["rootIdentity"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::root"));
        Assert.That(result["sessionKeyPrefix"]!.GetValue<string>(), Is.EqualTo("ASIA"));
        Assert.That(result["unwired"]!["code"]!.GetValue<string>(), Is.EqualTo("NotImplemented"));
        Assert.That(result["unwired"]!["status"]!.GetValue<int>(), Is.EqualTo(501));
        Assert.That(result["unwired"]!["message"]!.GetValue<string>(), Does.Contain("CreateGroup"));
        Assert.That(result["mfaDevice"]!["SerialNumber"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::mfa/device"));
        Assert.That(result["mfaDevice"]!["SeedLength"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(16));
    }

    [Test]
    public async Task AssumeRole_AwsSdkForDotNet_TemporaryCredentialsWorkOnS3()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });
        var (keyId, secret, roleArn) = await CreateUserAndRoleAsync(host, "s3:*");
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(keyId, secret), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = host.Url,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

        var assumed = await sts.AssumeRoleAsync(new Amazon.SecurityToken.Model.AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "sdk-session", DurationSeconds = 900 });
        using var s3 = S3Client(host, assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "sdk-role-bucket" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-role-bucket", Key = "k.txt", ContentBody = "role" });
        var buckets = await s3.ListBucketsAsync(new ListBucketsRequest());
        using var sessionSts = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken),
            new AmazonSecurityTokenServiceConfig { ServiceURL = host.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var identity = await sessionSts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.That(assumed.AssumedRoleUser.Arn, Is.EqualTo("arn:aws:sts:::assumed-role/SdkRole/sdk-session"));
        Assert.That(assumed.Credentials.AccessKeyId, Does.StartWith("ASIA"));
        Assert.That(assumed.Credentials.Expiration, Is.GreaterThan(DateTime.UtcNow.AddMinutes(10)).And.LessThan(DateTime.UtcNow.AddMinutes(16)));
        Assert.That(buckets.Buckets.Select(b => b.BucketName), Is.EqualTo(new[] { "sdk-role-bucket" }));
        Assert.That(identity.Arn, Is.EqualTo(assumed.AssumedRoleUser.Arn));
    }

    [Test]
    public async Task TemporaryCredentials_Expired_ExpiredTokenOnS3AndSts()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });
        var (_, _, roleArn) = await CreateUserAndRoleAsync(host, "s3:*");

        // A session issued two hours ago by an STS sharing the gateway's key ring and IAM, for 15 minutes.
        var past = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(-2));
        var directory = host.Services.GetRequiredService<IamStsDirectory>();
        var ring = host.Services.GetRequiredService<SessionKeyRing>();
        var earlier = new StsService(new SessionTokenSealer(ring, past), directory, new PolicyEvaluatorStsDecider(directory), new NoDevices(),
            new TotpVerifier(past), directory, new AuthorizationMessageSealer(ring), past);
        var user = (await host.Services.GetRequiredService<IamService>().GetUserAsync(IamPrincipal.Root(AccountId.Default), new GetUserRequest("SDKUSER"))).Value;
        var old = await earlier.AssumeRoleAsync(StsCaller.ForUser(string.Empty, user.Arn, user.UserId), new Sts.Core.SecurityToken.AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "old", DurationSeconds = 900 });
        using var s3 = S3Client(host, old.Value.Credentials.AccessKeyId, old.Value.Credentials.SecretAccessKey, old.Value.Credentials.SessionToken);

        using var sts = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(old.Value.Credentials.AccessKeyId, old.Value.Credentials.SecretAccessKey, old.Value.Credentials.SessionToken),
            new AmazonSecurityTokenServiceConfig { ServiceURL = host.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var refused = Assert.CatchAsync<AmazonS3Exception>(() => s3.ListBucketsAsync(new ListBucketsRequest()));
        var stsRefused = Assert.CatchAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.That(refused!.ErrorCode, Is.EqualTo("ExpiredToken"));
        Assert.That((int)refused.StatusCode, Is.EqualTo(400));
        Assert.That(stsRefused!.ErrorCode, Is.EqualTo("ExpiredToken"));
        Assert.That((int)stsRefused.StatusCode, Is.EqualTo(403));
        Assert.That(stsRefused.Message, Is.EqualTo("The security token included in the request is expired"));

        var (exit, output, errors) = await Python.RunAsync(
            "expired_credentials.py", host.Url, old.Value.Credentials.AccessKeyId, old.Value.Credentials.SecretAccessKey, old.Value.Credentials.SessionToken);
        Assert.That(exit, Is.EqualTo(0), errors);
        var botocore = JsonNode.Parse(output)!;
        Expect(botocore, "sts", "ExpiredToken", 403);
        Expect(botocore, "iam", "ExpiredToken", 403);
        Expect(botocore, "s3", "ExpiredToken", 400);
        Assert.That(botocore["iam"]!["message"]!.GetValue<string>(), Is.EqualTo("The security token included in the request is expired"));
    }

    internal static async Task<(string KeyId, string Secret, string RoleArn)> CreateUserAndRoleAsync(GatewayHost host, string action)
    {
        var iam = host.Services.GetRequiredService<IamService>();
        var root = IamPrincipal.Root(AccountId.Default);
        (await iam.CreateUserAsync(root, new CreateUserRequest("SDKUSER"))).IsSuccess.Should().BeTrue();
        var key = (await iam.CreateAccessKeyAsync(root, new CreateAccessKeyRequest("SDKUSER"))).Value;
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:::user/SDKUSER"},"Action":"sts:AssumeRole"}]}""";
        var role = (await iam.CreateRoleAsync(root, new CreateRoleRequest("SdkRole", trust))).Value;
        (await iam.PutRolePolicyAsync(root, new PutRolePolicyRequest("SdkRole", "all", $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}"""))).IsSuccess.Should().BeTrue();
        return (key.AccessKeyId, key.SecretAccessKey, role.Arn);
    }

    private static AmazonS3Client S3Client(GatewayHost host, string keyId, string secret, string token) =>
        new(new SessionAWSCredentials(keyId, secret, token), new AmazonS3Config
        {
            ServiceURL = host.Url,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

    private static string[] Names(JsonNode? list) => [.. list!.AsArray().Select(n => n!.GetValue<string>())];

    private static void Expect(JsonNode result, string name, string? code, int status)
    {
        var entry = result[name]!;
        Assert.That(entry["status"]!.GetValue<int>(), Is.EqualTo(status), name);
        Assert.That(entry["code"]?.GetValue<string>(), Is.EqualTo(code), name);
    }

    private sealed class NoDevices : IMfaDeviceResolver
    {
        public ValueTask<MfaDevice?> FindEnabledDeviceAsync(string serialNumber, CancellationToken cancellationToken = default) => ValueTask.FromResult<MfaDevice?>(null);
    }
}
