using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Conformance;

/// <summary>
/// Every v4 case of the aws-c-auth signing suite (../shared/conformance/sigv4/v4), header and query forms:
/// canonical request, string to sign and signature must equal the suite's files; the suite's signed
/// requests must verify; and changing any one signed element must make them fail.
/// </summary>
public sealed class SigV4SuiteTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        RepoPaths.CaseNames("v4").Select(name => new TestCaseData(name).SetArgDisplayNames(name));

    [TestCaseSource(nameof(Cases))]
    public void HeaderForm_CanonicalRequestStringToSignAndSignature_MatchSuite(string name)
    {
        SuiteCase c = SuiteCase.Load("v4", name);
        SuiteSigner.Intermediates actual = SuiteSigner.Header(c, sigV4A: false);

        Assert.That(actual.CanonicalRequest, Is.EqualTo(c.Read("header-canonical-request.txt")));
        Assert.That(actual.StringToSign, Is.EqualTo(c.Read("header-string-to-sign.txt")));
        Assert.That(actual.Signature, Is.EqualTo(c.Read("header-signature.txt").Trim()));
    }

    [TestCaseSource(nameof(Cases))]
    public void QueryForm_CanonicalRequestStringToSignAndSignature_MatchSuite(string name)
    {
        SuiteCase c = SuiteCase.Load("v4", name);
        SuiteSigner.Intermediates actual = SuiteSigner.Query(c, sigV4A: false);

        Assert.That(actual.CanonicalRequest, Is.EqualTo(c.Read("query-canonical-request.txt")));
        Assert.That(actual.StringToSign, Is.EqualTo(c.Read("query-string-to-sign.txt")));
        Assert.That(actual.Signature, Is.EqualTo(c.Read("query-signature.txt").Trim()));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task HeaderSignedRequest_Verifies_AndEveryOneElementChangeFails(string name)
    {
        await VerifyAndMutate(name, "header-signed-request.txt", SigV4AuthType.Header);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task QuerySignedRequest_Verifies_AndEveryOneElementChangeFails(string name)
    {
        await VerifyAndMutate(name, "query-signed-request.txt", SigV4AuthType.Query);
    }

    private static async Task VerifyAndMutate(string name, string file, SigV4AuthType expectedAuth)
    {
        SuiteCase c = SuiteCase.Load("v4", name);
        var time = new FakeTimeProvider(c.Timestamp);
        SigV4Verifier verifier = c.Verifier(time);
        RawHttpRequest signed = c.Request(file);

        SigV4VerificationResult result = await verifier.VerifyAsync(signed.ToSigV4Request());

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? string.Empty);
        Assert.That(result.AuthType, Is.EqualTo(expectedAuth));
        Assert.That(result.AccessKeyId, Is.EqualTo(c.AccessKeyId));
        Assert.That(result.Region, Is.EqualTo(c.Region));
        Assert.That(result.Service, Is.EqualTo(c.Service));

        bool bodySigned = true; // the suite's service is a query service: the verifier hashes any body itself
        int mutations = 0;
        foreach (Mutations.Mutation mutation in Mutations.Of(signed, result.SignedHeaders, bodySigned))
        {
            SigV4VerificationResult mutated = await c.Verifier(time).VerifyAsync(mutation.Request);
            SigV4Error? failure = mutated.IsSuccess ? await BodyFailure(mutated.Body) : mutated.Error;
            Assert.That(failure, Is.Not.Null, $"changing the {mutation.Element} must break the signature");
            mutations++;
        }

        Assert.That(mutations, Is.GreaterThanOrEqualTo(2 + result.SignedHeaders.Count));
    }

    /// <summary>Reads a verified body to its end; the SigV4 failure it raises, if any.</summary>
    internal static async Task<SigV4Error?> BodyFailure(Stream body)
    {
        try
        {
            await body.CopyToAsync(Stream.Null);
            return null;
        }
        catch (SigV4Exception exception)
        {
            return exception.Error;
        }
    }
}
