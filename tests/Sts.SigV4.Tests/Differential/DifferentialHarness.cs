using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.Conformance;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Differential;

/// <summary>Verifies peer-signed requests and every one-element mutation of them.</summary>
internal static class DifferentialHarness
{
    public static SigV4Verifier Verifier(RandomRequest spec)
    {
        var resolver = new StaticCredentialResolver().Add(RandomRequest.AccessKeyId, RandomRequest.Secret, spec.Token);
        return new SigV4Verifier(new SigV4VerifierOptions(), resolver, new FakeTimeProvider(new DateTimeOffset(RandomRequest.SignedAt)));
    }

    /// <summary>Splits an absolute URL into the raw path and query as an HTTP client would send them.</summary>
    public static (string Path, string Query) Target(string url)
    {
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal) + 3;
        int pathStart = url.IndexOf('/', schemeEnd);
        string target = pathStart < 0 ? "/" : url[pathStart..];
        int question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }

    /// <summary>Verifies <paramref name="signed"/> and asserts that changing any one signed element fails. Returns the mutation count.</summary>
    public static async Task<int> VerifyAndMutate(string peer, int index, RandomRequest spec, RawHttpRequest signed)
    {
        string context = $"{peer} request {index}: {spec.Method} {spec.Url} presign={spec.Presign} signPayload={spec.SignPayload} token={spec.Token is not null}";
        SigV4VerificationResult result = await Verifier(spec).VerifyAsync(signed.ToSigV4Request());
        Assert.That(result.IsSuccess, Is.True, () => context + " → " + result.Error);
        SigV4Error? bodyFailure = await SigV4SuiteTests.BodyFailure(result.Body!);
        Assert.That(bodyFailure, Is.Null, () => context + " body → " + bodyFailure);

        bool bodySigned = result.PayloadMode == SigV4PayloadMode.SignedPayload;
        int count = 0;
        foreach (Mutations.Mutation mutation in Mutations.Of(signed, result.SignedHeaders, bodySigned))
        {
            SigV4VerificationResult mutated = await Verifier(spec).VerifyAsync(mutation.Request);
            SigV4Error? failure = mutated.IsSuccess ? await SigV4SuiteTests.BodyFailure(mutated.Body) : mutated.Error;
            Assert.That(failure, Is.Not.Null, () => $"{context}: changing the {mutation.Element} must break the signature");
            count++;
        }

        return count;
    }
}
