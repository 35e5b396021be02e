using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Verification;

/// <summary>Browser POST-policy uploads: the S3 documentation example (sigv4.md §4 #9) and the policy checks around it.</summary>
public sealed class PostPolicyTests
{
    private const string Signature = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";
    private static readonly DateTimeOffset SignedAt = new(2015, 12, 29, 0, 0, 0, TimeSpan.Zero);

    private static string Policy => File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Verification", "Data", "s3-post-example-policy.b64"));

    private static SigV4PostPolicyRequest Form(string bucket = "sigv4examplebucket", string? policy = null, string signature = Signature, params (string, string)[] extra)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("key", "user/user1/${filename}"),
            new("acl", "public-read"),
            new("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"),
            new("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            new("X-Amz-Date", "20151229T000000Z"),
            new("Policy", policy ?? Policy),
            new("X-Amz-Signature", signature),
        };
        fields.AddRange(extra.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)));
        return new SigV4PostPolicyRequest { Bucket = bucket, Fields = fields };
    }

    private static SigV4Verifier Verifier(DateTimeOffset now) => S3Example.Verifier(new FakeTimeProvider(now));

    [Test]
    public void ExamplePolicy_Has864Base64Characters_WithDocumentedEnds()
    {
        Assert.That(Policy, Has.Length.EqualTo(864));
        Assert.That(Policy, Does.StartWith("eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0K"));
        Assert.That(Policy, Does.EndWith("IgfQ0KICBdDQp9"));
    }

    [Test]
    public async Task VerifyPostPolicyAsync_DocumentationExample_Succeeds()
    {
        SigV4VerificationResult result = await Verifier(SignedAt.AddHours(12)).VerifyPostPolicyAsync(Form());

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.AuthType, Is.EqualTo(SigV4AuthType.PostPolicy));
        Assert.That(result.AccessKeyId, Is.EqualTo("AKIAIOSFODNN7EXAMPLE"));
        Assert.That(result.PolicyDocument, Does.Contain("\"bucket\": \"sigv4examplebucket\""));
    }

    [Test]
    public async Task VerifyPostPolicyAsync_AfterPolicyExpiration_ReturnsAccessDeniedPolicyExpired()
    {
        SigV4VerificationResult result = await Verifier(new DateTimeOffset(2015, 12, 30, 12, 0, 1, TimeSpan.Zero)).VerifyPostPolicyAsync(Form());

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AccessDenied"));
        Assert.That(result.Error?.Message, Does.Contain("Policy expired"));
    }

    [Test]
    public async Task VerifyPostPolicyAsync_TamperedPolicy_ReturnsSignatureDoesNotMatch()
    {
        string tampered = "eyAi" + Policy[4..^4] + "fQ==";

        SigV4VerificationResult result = await Verifier(SignedAt).VerifyPostPolicyAsync(Form(policy: tampered));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("SignatureDoesNotMatch"));
    }

    [Test]
    public async Task VerifyPostPolicyAsync_WrongSignature_ReturnsSignatureDoesNotMatch()
    {
        SigV4VerificationResult result = await Verifier(SignedAt).VerifyPostPolicyAsync(Form(signature: "0" + Signature[1..]));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("SignatureDoesNotMatch"));
    }

    /// <summary>Ceph CVE-2023-43040: a form signed for bucket A posted to bucket B.</summary>
    [Test]
    public async Task VerifyPostPolicyAsync_PolicyForBucketAPostedToBucketB_ReturnsAccessDenied_CVE_2023_43040()
    {
        SigV4VerificationResult result = await Verifier(SignedAt).VerifyPostPolicyAsync(Form(bucket: "otherbucket"));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AccessDenied"));
        Assert.That(result.Error?.Message, Does.Contain("$bucket"));
    }

    [Test]
    public async Task VerifyPostPolicyAsync_FormBucketFieldOverridingUrlBucket_ReturnsAccessDenied()
    {
        SigV4VerificationResult result = await Verifier(SignedAt).VerifyPostPolicyAsync(Form(bucket: "otherbucket", extra: ("bucket", "sigv4examplebucket")));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AccessDenied"));
        Assert.That(result.Error?.Message, Does.Contain("bucket field"));
    }

    [Test]
    public async Task VerifyPostPolicyAsync_NoPolicyField_ReturnsMissingAuthentication()
    {
        var form = new SigV4PostPolicyRequest { Bucket = "b", Fields = [new("key", "x")] };

        SigV4VerificationResult result = await Verifier(SignedAt).VerifyPostPolicyAsync(form);

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.MissingAuthenticationToken));
    }

    [Test]
    public async Task VerifyPostPolicyAsync_UnknownAccessKey_ReturnsInvalidAccessKeyId()
    {
        SigV4PostPolicyRequest form = Form();
        var fields = form.Fields.Select(f => f.Key == "X-Amz-Credential" ? new KeyValuePair<string, string>(f.Key, "AKIANOTKNOWN/20151229/us-east-1/s3/aws4_request") : f).ToList();

        SigV4VerificationResult result = await Verifier(SignedAt).VerifyPostPolicyAsync(new SigV4PostPolicyRequest { Bucket = form.Bucket, Fields = fields });

        Assert.That(result.Error?.AwsCode, Is.EqualTo("InvalidAccessKeyId"));
        Assert.That(result.Error?.HttpStatus, Is.EqualTo(403));
    }
}
