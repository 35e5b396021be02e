using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// Thumbprint pinning: a key is trusted only when a registered thumbprint matches a certificate of
/// its x5c chain (Ceph's rule) or of the TLS chain that served the JWKS (AWS's rule). Regression for
/// Ceph's BZ 2324153, where any thumbprint passed.
/// </summary>
[TestFixture]
public sealed class WebIdentityThumbprintTests
{
    private WebIdentityTestBed _bed = null!;
    private MintResult _mint = null!;
    private X509Certificate2 _signerCertificate = null!;
    private X509Certificate2 _otherCertificate = null!;

    [OneTimeSetUp]
    public void MintTokens()
    {
        _bed = new WebIdentityTestBed();
        using var signer = RSA.Create(2048);
        _signerCertificate = SelfSigned("CN=Sts x5c signer", signer);
        using var other = RSA.Create(2048);
        _otherCertificate = SelfSigned("CN=Sts other", other);
        _mint = JoseMint.Mint(
            [new MintKey("x5c-key", "RS256", signer.ExportPkcs8PrivateKeyPem()), new MintKey("bare-key", "ES256")],
            [new MintToken("x5c", "x5c-key", _bed.Claims()), new MintToken("bare", "bare-key", _bed.Claims())]);
    }

    [OneTimeTearDown]
    public async Task StopProvider()
    {
        _signerCertificate.Dispose();
        _otherCertificate.Dispose();
        await _bed.DisposeAsync();
    }

    [SetUp]
    public void ResetProvider() => _bed.Reset(Jwks(_signerCertificate));

    private static X509Certificate2 SelfSigned(string subject, RSA key) =>
        new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(WebIdentityTestBed.Start.AddDays(-1), WebIdentityTestBed.Start.AddDays(30));

    private string Jwks(X509Certificate2 x5c)
    {
        var withChain = (JsonObject)_mint.Key("x5c-key").DeepClone();
        withChain["x5c"] = new JsonArray(Convert.ToBase64String(x5c.RawData));
        return new JsonObject { ["keys"] = new JsonArray(withChain, _mint.Key("bare-key").DeepClone()) }.ToJsonString();
    }

    private static string Sha1(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA1);

    private Task<StsResult<ValidatedWebIdentity>> Validate(string token, params string[] thumbprints) =>
        _bed.Validator().ValidateAsync(_mint.Token(token), _bed.Providers(thumbprints: thumbprints)).AsTask();

    [Test]
    public async Task Thumbprint_MatchingTheKeysX5cCertificate_TrustsTheKey()
    {
        var result = await Validate("x5c", Sha1(_signerCertificate).ToLowerInvariant());

        result.Error.Should().BeNull();
    }

    [Test]
    public async Task Thumbprint_MatchingNoCertificate_RefusesTheKey()
    {
        var result = await Validate("x5c", Sha1(_otherCertificate));

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Be("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint");
    }

    [Test]
    public async Task Thumbprint_MatchingAnotherKeysCertificate_DoesNotTrustABareKey()
    {
        var result = await Validate("bare", Sha1(_signerCertificate));

        result.Error!.Message.Should().Be("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint");
    }

    [Test]
    public async Task Thumbprint_MatchingTheJwksEndpointsTlsCertificateAuthority_TrustsABareKey()
    {
        var result = await Validate("bare", Sha1(WebIdentityTestBed.Authority));

        result.Error.Should().BeNull();
    }

    [Test]
    public async Task Thumbprint_NoneRegistered_TrustsEveryKeyOfTheJwks()
    {
        (await Validate("bare")).Error.Should().BeNull();
        (await Validate("x5c")).Error.Should().BeNull();
    }

    [Test]
    public async Task Thumbprint_X5cCertificateNotMatchingTheJwkModulus_KeyIsUnusable()
    {
        _bed.Reset(Jwks(_otherCertificate));

        var result = await Validate("x5c", Sha1(_otherCertificate));

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Contain("no key with kid 'x5c-key'");
    }

    [Test]
    public async Task Thumbprint_InjectedHttpClient_OnlyTheX5cRuleApplies()
    {
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.Issuer == WebIdentityTestBed.Authority.Subject,
        };
        using var client = new HttpClient(handler);
        using var validator = new WebIdentityTokenValidator(new WebIdentityOptions(), _bed.Time, client);
        var providers = _bed.Providers(thumbprints: [Sha1(WebIdentityTestBed.Authority)]);

        var bare = await validator.ValidateAsync(_mint.Token("bare"), providers);

        bare.Error!.Message.Should().Be("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint");
    }
}
