using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Verification;

/// <summary>The signing-key cache: keyed per key, date, region and service; bounded; never trusted over the resolver.</summary>
public sealed class SigningKeyCacheTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static SigV4Request SignedGet(TestSigner signer)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "h"), new("x-amz-content-sha256", S3Example.EmptyHash) };
        signer.SignHeaders("GET", "/key", "", headers, S3Example.EmptyHash);
        return new SigV4Request { Method = "GET", RawPath = "/key", Headers = headers };
    }

    [Test]
    public async Task VerifyAsync_SecretRotatedBehindCachedKey_UsesTheResolversSecret()
    {
        var resolver = new RotatingResolver { Secret = TestSigner.Secret };
        var time = new FakeTimeProvider(Now);
        var verifier = new SigV4Verifier(new SigV4VerifierOptions(), resolver, time);
        SigV4Request request = SignedGet(new TestSigner(Now));

        SigV4VerificationResult first = await verifier.VerifyAsync(request);
        resolver.Secret = "a-different-secret";
        SigV4VerificationResult afterRotation = await verifier.VerifyAsync(SignedGet(new TestSigner(Now)));

        Assert.That(first.IsSuccess, Is.True);
        Assert.That(afterRotation.Error?.Code, Is.EqualTo(SigV4ErrorCode.SignatureDoesNotMatch), "a cached key never outlives its secret");
    }

    [Test]
    public async Task VerifyAsync_ManyScopesThroughSmallCache_AllVerify()
    {
        var time = new FakeTimeProvider(Now);
        var verifier = new SigV4Verifier(new SigV4VerifierOptions { SigningKeyCacheSize = 2 }, TestSigner.Resolver(), time);
        foreach (string region in new[] { "us-east-1", "eu-west-1", "ap-south-1", "us-east-1", "", "eu-west-1" })
        {
            SigV4VerificationResult result = await verifier.VerifyAsync(SignedGet(new TestSigner(Now, "s3", region)));
            Assert.That(result.IsSuccess, Is.True, region);
            Assert.That(result.Region, Is.EqualTo(region));
        }
    }

    [Test]
    public async Task VerifyAsync_ThreadsSwitchingBetweenScopes_AllVerifyAndForgeriesFail()
    {
        // Keyed HMAC contexts move between threads and keys (per-thread context, per-key spare); none may be shared or used after being freed.
        var verifier = new SigV4Verifier(new SigV4VerifierOptions(), TestSigner.Resolver(), new FakeTimeProvider(Now));
        string[] regions = ["us-east-1", "eu-west-1", "ap-south-1"];
        SigV4Request[] good = [.. regions.Select(region => SignedGet(new TestSigner(Now, "s3", region)))];
        SigV4Request[] forged = [.. good.Select(Forged)];

        int[][] failures = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            int wrongSuccesses = 0;
            int wrongFailures = 0;
            for (int i = 0; i < 300; i++)
            {
                int which = (i + worker) % regions.Length;
                if (!(await verifier.VerifyAsync(good[which])).IsSuccess)
                {
                    wrongFailures++;
                }

                if ((await verifier.VerifyAsync(forged[(which + 1) % regions.Length])).IsSuccess)
                {
                    wrongSuccesses++;
                }
            }

            return new[] { wrongFailures, wrongSuccesses };
        })));

        Assert.That(failures.Sum(f => f[0]), Is.Zero, "every genuine request verifies");
        Assert.That(failures.Sum(f => f[1]), Is.Zero, "no forged request verifies");
    }

    private static SigV4Request Forged(SigV4Request genuine)
    {
        var headers = genuine.Headers.ToList();
        int index = headers.FindIndex(h => h.Key == "Authorization");
        string authorization = headers[index].Value;
        char last = authorization[^1];
        headers[index] = new("Authorization", authorization[..^1] + (last == '0' ? '1' : '0'));
        return new SigV4Request { Method = genuine.Method, RawPath = genuine.RawPath, Headers = headers };
    }

    private sealed class RotatingResolver : ICredentialResolver
    {
        public string Secret { get; set; } = "";

        public ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken) =>
            ValueTask.FromResult(SigV4CredentialResult.Success(Secret, accessKeyId));
    }
}
