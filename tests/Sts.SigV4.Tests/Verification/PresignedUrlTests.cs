using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Verification;

/// <summary>Presigned (query) authentication: expiry bounds and errors.</summary>
public sealed class PresignedUrlTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TestSigner Signer = new(Now);

    private static async Task<SigV4VerificationResult> Verify(string query, DateTimeOffset? now = null, string? token = null) =>
        await new SigV4Verifier(new SigV4VerifierOptions(), TestSigner.Resolver(token), new FakeTimeProvider(now ?? Now))
            .VerifyAsync(new SigV4Request { Method = "GET", RawPath = "/key", RawQuery = query, Headers = [new("Host", "bucket.s3.amazonaws.com")] });

    private static string Presigned(int expires = 3600, string? token = null) =>
        Signer.Presign("GET", "/key", "", [new("Host", "bucket.s3.amazonaws.com")], expires, token);

    [TestCase(1)]
    [TestCase(604800)]
    public async Task VerifyAsync_ExpiresWithinBounds_Verifies(int expires)
    {
        SigV4VerificationResult result = await Verify(Presigned(expires));

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.AuthType, Is.EqualTo(SigV4AuthType.Query));
    }

    [TestCase(0)]
    [TestCase(604801)]
    [TestCase(-5)]
    public async Task VerifyAsync_ExpiresOutOfBounds_ReturnsAuthorizationQueryParametersError(int expires)
    {
        SigV4VerificationResult result = await Verify(Presigned(expires));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AuthorizationQueryParametersError"));
        Assert.That(result.Error?.Message, Does.Contain("1 to 604800"));
    }

    [Test]
    public async Task VerifyAsync_AfterExpiry_ReturnsAccessDeniedRequestHasExpired()
    {
        SigV4VerificationResult result = await Verify(Presigned(60), Now.AddSeconds(61));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AccessDenied"));
        Assert.That(result.Error?.Message, Is.EqualTo("Request has expired"));
    }

    [Test]
    public async Task VerifyAsync_SignedFarInTheFuture_ReturnsAccessDeniedNotValidYet()
    {
        SigV4VerificationResult result = await Verify(Presigned(), Now.AddMinutes(-16));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AccessDenied"));
        Assert.That(result.Error?.Message, Does.Contain("not valid yet"));
    }

    [TestCase("X-Amz-Signature")]
    [TestCase("X-Amz-Credential")]
    [TestCase("X-Amz-Date")]
    [TestCase("X-Amz-Expires")]
    [TestCase("X-Amz-SignedHeaders")]
    public async Task VerifyAsync_MissingParameter_ReturnsAuthorizationQueryParametersErrorNamingIt(string name)
    {
        string query = string.Join('&', Presigned().Split('&').Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)));

        SigV4VerificationResult result = await Verify(query);

        Assert.That(result.Error?.AwsCode, Is.EqualTo("AuthorizationQueryParametersError"));
        Assert.That(result.Error?.Message, Does.Contain(name));
    }

    [Test]
    public async Task VerifyAsync_RepeatedSignatureParameter_ReturnsAuthorizationQueryParametersError()
    {
        string query = Presigned();
        query += "&" + query.Split('&').Single(p => p.StartsWith("X-Amz-Signature=", StringComparison.Ordinal));

        SigV4VerificationResult result = await Verify(query);

        Assert.That(result.Error?.Message, Does.Contain("more than once"));
    }

    [Test]
    public async Task VerifyAsync_SessionTokenInQuery_IsSignedAndPassedToResolver()
    {
        SigV4VerificationResult result = await Verify(Presigned(token: "tok/+="), token: "tok/+=");

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.SessionToken, Is.EqualTo("tok/+="));
    }

    [Test]
    public async Task VerifyAsync_ExtraUnsignedQueryParameter_ReturnsSignatureDoesNotMatch()
    {
        SigV4VerificationResult result = await Verify(Presigned() + "&versionId=1");

        Assert.That(result.Error?.Code, Is.EqualTo(SigV4ErrorCode.SignatureDoesNotMatch));
    }
}
