using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Conformance;

/// <summary>
/// Every v4a case of the suite: canonical request and string to sign equal the files; the recorded ECDSA
/// signatures (randomised, so verified rather than compared) verify against the key derived from the
/// secret, which must equal public-key.json; the signed requests verify through the verifier.
/// </summary>
public sealed class SigV4ASuiteTests
{
    private static IEnumerable<TestCaseData> FullCases() =>
        RepoPaths.CaseNames("v4a").Where(HasExpectations).Select(name => new TestCaseData(name).SetArgDisplayNames(name));

    private static IEnumerable<TestCaseData> RequestOnlyCases() =>
        RepoPaths.CaseNames("v4a").Where(n => !HasExpectations(n)).Select(name => new TestCaseData(name).SetArgDisplayNames(name));

    [Test]
    public void Suite_HasBothHalves_WithExpectedCaseCounts()
    {
        Assert.That(Directory.GetDirectories(Path.Combine(RepoPaths.SigV4Suite, "v4")), Has.Length.EqualTo(38));
        Assert.That(FullCases().Count(), Is.EqualTo(38));
        Assert.That(RequestOnlyCases().Count(), Is.EqualTo(2));
    }

    [TestCaseSource(nameof(FullCases))]
    public void DerivedPublicKey_EqualsPublicKeyJson(string name)
    {
        SuiteCase c = SuiteCase.Load("v4a", name);
        using JsonDocument expected = JsonDocument.Parse(c.Read("public-key.json"));
        ECParameters q = DerivedPublicKey(c);

        Assert.That(Convert.ToHexStringLower(q.Q.X!), Is.EqualTo(expected.RootElement.GetProperty("X").GetString()));
        Assert.That(Convert.ToHexStringLower(q.Q.Y!), Is.EqualTo(expected.RootElement.GetProperty("Y").GetString()));
    }

    [TestCaseSource(nameof(FullCases))]
    public void HeaderForm_IntermediatesMatch_AndRecordedSignatureVerifies(string name)
    {
        SuiteCase c = SuiteCase.Load("v4a", name);
        SuiteSigner.Intermediates actual = SuiteSigner.Header(c, sigV4A: true);

        Assert.That(actual.CanonicalRequest, Is.EqualTo(c.Read("header-canonical-request.txt")));
        Assert.That(actual.StringToSign, Is.EqualTo(c.Read("header-string-to-sign.txt")));
        Assert.That(VerifiesWithSuiteKey(c, actual.StringToSign, c.Read("header-signature.txt").Trim()), Is.True);
        Assert.That(VerifiesWithSuiteKey(c, actual.StringToSign + "x", c.Read("header-signature.txt").Trim()), Is.False);
    }

    [TestCaseSource(nameof(FullCases))]
    public void QueryForm_IntermediatesMatch_AndRecordedSignatureVerifies(string name)
    {
        SuiteCase c = SuiteCase.Load("v4a", name);
        SuiteSigner.Intermediates actual = SuiteSigner.Query(c, sigV4A: true);

        Assert.That(actual.CanonicalRequest, Is.EqualTo(c.Read("query-canonical-request.txt")));
        Assert.That(actual.StringToSign, Is.EqualTo(c.Read("query-string-to-sign.txt")));
        Assert.That(VerifiesWithSuiteKey(c, actual.StringToSign, c.Read("query-signature.txt").Trim()), Is.True);
    }

    [TestCaseSource(nameof(FullCases))]
    public async Task HeaderSignedRequest_Verifies_AndEveryOneElementChangeFails(string name)
    {
        await VerifyAndMutate(name, "header-signed-request.txt", SigV4AuthType.Header);
    }

    [TestCaseSource(nameof(FullCases))]
    public async Task QuerySignedRequest_Verifies_AndEveryOneElementChangeFails(string name)
    {
        await VerifyAndMutate(name, "query-signed-request.txt", SigV4AuthType.Query);
    }

    [TestCaseSource(nameof(RequestOnlyCases))]
    public async Task RequestOnlyCase_SignedWithDerivedKey_Verifies(string name)
    {
        SuiteCase c = SuiteCase.Load("v4a", name);
        SuiteSigner.Intermediates intermediates = SuiteSigner.Header(c, sigV4A: true);
        using ECDsa key = DerivedPrivateKey(c);
        string signature = Convert.ToHexStringLower(key.SignData(Encoding.UTF8.GetBytes(intermediates.StringToSign), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        RawHttpRequest request = c.Request();
        request.Headers.Add(new("X-Amz-Date", "20150830T123600Z"));
        request.Headers.Add(new("X-Amz-Region-Set", c.Region));
        string signed = SuiteSigner.SignedList(request.Headers);
        request.Headers.Add(new("Authorization", $"AWS4-ECDSA-P256-SHA256 Credential={c.AccessKeyId}/{SuiteSigner.Scope(c, true)}, SignedHeaders={signed}, Signature={signature}"));

        SigV4VerificationResult result = await c.Verifier(new FakeTimeProvider(c.Timestamp)).VerifyAsync(request.ToSigV4Request());

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? string.Empty);
        Assert.That(result.Algorithm, Is.EqualTo(SigV4Algorithm.EcdsaP256Sha256));
    }

    private static async Task VerifyAndMutate(string name, string file, SigV4AuthType expectedAuth)
    {
        SuiteCase c = SuiteCase.Load("v4a", name);
        var time = new FakeTimeProvider(c.Timestamp);
        RawHttpRequest signed = c.Request(file);

        SigV4VerificationResult result = await c.Verifier(time).VerifyAsync(signed.ToSigV4Request());

        Assert.That(result.IsSuccess, Is.True, () => result.Error?.ToString() ?? string.Empty);
        Assert.That(result.AuthType, Is.EqualTo(expectedAuth));
        Assert.That(result.Algorithm, Is.EqualTo(SigV4Algorithm.EcdsaP256Sha256));
        Assert.That(result.Region, Is.EqualTo(c.Region));
        foreach (Mutations.Mutation mutation in Mutations.Of(signed, result.SignedHeaders, bodySigned: true))
        {
            SigV4VerificationResult mutated = await c.Verifier(time).VerifyAsync(mutation.Request);
            SigV4Error? failure = mutated.IsSuccess ? await SigV4SuiteTests.BodyFailure(mutated.Body) : mutated.Error;
            Assert.That(failure, Is.Not.Null, $"changing the {mutation.Element} must break the signature");
        }
    }

    private static bool HasExpectations(string name) =>
        File.Exists(Path.Combine(RepoPaths.SigV4Suite, "v4a", name, "header-signature.txt"));

    private static bool VerifiesWithSuiteKey(SuiteCase c, string stringToSign, string signatureHex)
    {
        using JsonDocument json = JsonDocument.Parse(c.Read("public-key.json"));
        using ECDsa key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Convert.FromHexString(json.RootElement.GetProperty("X").GetString()!),
                Y = Convert.FromHexString(json.RootElement.GetProperty("Y").GetString()!),
            },
        });
        return key.VerifyData(Encoding.UTF8.GetBytes(stringToSign), Convert.FromHexString(signatureHex), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static ECParameters DerivedPublicKey(SuiteCase c)
    {
        using ECDsa key = DerivedPrivateKey(c);
        return key.ExportParameters(includePrivateParameters: false);
    }

    private static ECDsa DerivedPrivateKey(SuiteCase c) =>
        ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = SigV4AKeys.DerivePrivateKey(c.AccessKeyId, c.SecretAccessKey) });
}
