using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Verification;

/// <summary>STS/IAM form posts without x-amz-content-sha256: the verifier hashes the body itself, within a limit.</summary>
public sealed class QueryServiceBodyTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static SigV4Request StsPost(byte[] body)
    {
        var signer = new TestSigner(Now, "sts");
        var headers = new List<KeyValuePair<string, string>> { new("Host", "sts.amazonaws.com"), new("Content-Type", "application/x-www-form-urlencoded") };
        signer.SignHeaders("POST", "/", "", headers, Convert.ToHexStringLower(SHA256.HashData(body)));
        return new SigV4Request { Method = "POST", RawPath = "/", Headers = headers, Body = new MemoryStream(body) };
    }

    [Test]
    public async Task VerifyAsync_StsFormPost_HashesBodyAndReturnsIt()
    {
        byte[] body = Encoding.ASCII.GetBytes("Action=GetCallerIdentity&Version=2011-06-15");

        SigV4VerificationResult result = await new SigV4Verifier(new SigV4VerifierOptions(), TestSigner.Resolver(), new FakeTimeProvider(Now)).VerifyAsync(StsPost(body));

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? "");
        Assert.That(result.Family, Is.EqualTo(SigV4ServiceFamily.Query));
        Assert.That(await S3Example.ReadAll(result.Body!), Is.EqualTo(body));
    }

    [Test]
    public async Task VerifyAsync_StsFormPostWithChangedBody_ReturnsSignatureDoesNotMatch()
    {
        SigV4Request request = StsPost(Encoding.ASCII.GetBytes("Action=GetCallerIdentity"));
        var changed = new SigV4Request { Method = request.Method, RawPath = request.RawPath, Headers = request.Headers, Body = new MemoryStream(Encoding.ASCII.GetBytes("Action=CreateUser&UserName=x")) };

        SigV4VerificationResult result = await new SigV4Verifier(new SigV4VerifierOptions(), TestSigner.Resolver(), new FakeTimeProvider(Now)).VerifyAsync(changed);

        Assert.That(result.Error?.AwsCode, Is.EqualTo("SignatureDoesNotMatch"));
    }

    [Test]
    public async Task VerifyAsync_StsBodyOverBufferLimit_ReturnsRequestEntityTooLarge()
    {
        var options = new SigV4VerifierOptions { MaxBufferedBodyBytes = 1000 };

        SigV4VerificationResult result = await new SigV4Verifier(options, TestSigner.Resolver(), new FakeTimeProvider(Now)).VerifyAsync(StsPost(new byte[1001]));

        Assert.That(result.Error?.AwsCode, Is.EqualTo("RequestEntityTooLarge"));
        Assert.That(result.Error?.HttpStatus, Is.EqualTo(413));
    }

    [Test]
    public void Constructor_InconsistentLimits_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new SigV4Verifier(new SigV4VerifierOptions { MaxChunkSize = 0 }, TestSigner.Resolver(), TimeProvider.System));
        Assert.Throws<ArgumentException>(() => _ = new SigV4Verifier(new SigV4VerifierOptions { Services = new Dictionary<string, SigV4ServiceFamily>() }, TestSigner.Resolver(), TimeProvider.System));
        Assert.Throws<ArgumentException>(() => _ = new SigV4Verifier(new SigV4VerifierOptions { MaxClockSkew = TimeSpan.FromMinutes(-1) }, TestSigner.Resolver(), TimeProvider.System));
    }
}
