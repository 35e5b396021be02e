using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// The attack corpus: each test is one way a token or a key set can be forged or bent, minted by jose
/// (npm) where a signer is needed and tampered by hand where not. Every one must fail with the AWS code.
/// </summary>
[TestFixture]
public sealed class WebIdentityAttackCorpusTests
{
    private WebIdentityTestBed _bed = null!;
    private MintResult _mint = null!;

    [OneTimeSetUp]
    public void MintTokens()
    {
        _bed = new WebIdentityTestBed();
        var otherIssuer = "https://evil.example.com/realms/sts";
        _mint = JoseMint.Mint(
            [new MintKey("good", "RS256"), new MintKey("good-ec", "ES256"), new MintKey("attacker", "RS256"), new MintKey("dup-a", "RS256"), new MintKey("dup-b", "RS256")],
            [
                new MintToken("valid", "good", _bed.Claims()),
                new MintToken("alg-none", null, _bed.Claims(), Mode: "none"),
                new MintToken("hs256-public-key", "good", _bed.Claims(), Mode: "hs256-public-key"),
                new MintToken("kid-path-traversal", "good", _bed.Claims(), Header: new JsonObject { ["kid"] = "../../../etc/passwd" }),
                new MintToken("kid-url", "good", _bed.Claims(), Header: new JsonObject { ["kid"] = "http://evil.example.com/jwks" }),
                new MintToken("jku-attacker", "attacker", _bed.Claims(), Header: new JsonObject { ["kid"] = "good", ["jku"] = "http://127.0.0.1:1/jwks" }),
                new MintToken("embedded-jwk", "attacker", _bed.Claims(), Header: new JsonObject { ["kid"] = "good", ["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = "AQAB", ["e"] = "AQAB" } }),
                new MintToken("attacker-key-good-kid", "attacker", _bed.Claims(), Header: new JsonObject { ["kid"] = "good" }),
                new MintToken("crit", "good", _bed.Claims(), Header: new JsonObject { ["crit"] = new JsonArray("exp"), ["exp"] = 1 }),
                new MintToken("expired", "good", _bed.Claims(c => c["exp"] = WebIdentityTestBed.Now - 3600)),
                new MintToken("not-yet-valid", "good", _bed.Claims(c => c["nbf"] = WebIdentityTestBed.Now + 3600)),
                new MintToken("issued-in-future", "good", _bed.Claims(c => { c["iat"] = WebIdentityTestBed.Now + 3600; c["exp"] = WebIdentityTestBed.Now + 7200; })),
                new MintToken("wrong-issuer", "good", WebIdentityTestBed.ClaimsFor(otherIssuer)),
                new MintToken("http-scheme-issuer", "good", WebIdentityTestBed.ClaimsFor(_bed.Issuer.Replace("https://", "http://", StringComparison.Ordinal))),
                new MintToken("wrong-audience", "good", _bed.Claims(c => c["aud"] = "someone-else")),
                new MintToken("es256-kid-with-rsa-key", "good-ec", _bed.Claims(), Header: new JsonObject { ["kid"] = "good" }),
                new MintToken("dup-signed-by-b", "dup-b", _bed.Claims(), Header: new JsonObject { ["kid"] = "dup" }),
                new MintToken("dup-signed-by-attacker", "attacker", _bed.Claims(), Header: new JsonObject { ["kid"] = "dup" }),
            ]);
    }

    [OneTimeTearDown]
    public async Task StopProvider() => await _bed.DisposeAsync();

    [SetUp]
    public void ResetProvider() => _bed.Reset(_mint.Jwks("good", "good-ec"));

    private async Task<StsError> Refused(string token, string code = "InvalidIdentityToken")
    {
        var result = await _bed.Validator().ValidateAsync(token, _bed.Providers());
        result.IsSuccess.Should().BeFalse();
        result.Error!.Code.Should().Be(code);
        foreach (var part in token.Split('.').Where(p => p.Length >= 16))
        {
            result.Error.Message.Should().NotContain(part, "messages never quote a token part");
        }

        result.Error.Message.Should().NotContain("\n");
        return result.Error;
    }

    [Test]
    public async Task Corpus_ValidControlToken_IsAccepted()
    {
        var result = await _bed.Validator().ValidateAsync(_mint.Token("valid"), _bed.Providers());

        result.Error.Should().BeNull();
    }

    [Test]
    public async Task Corpus_AlgNone_RefusedBeforeAnyKeyLookup()
    {
        var error = await Refused(_mint.Token("alg-none"));

        error.Message.Should().Contain("Unsupported token signing algorithm 'none'");
        _bed.Handler!.TotalRequests.Should().Be(0);
    }

    [Test]
    public async Task Corpus_AlgNoneSpelledWithJsonEscapes_RefusedAsNone()
    {
        var parts = _mint.Token("valid").Split('.');
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"alg\":\"n\\u006fne\",\"kid\":\"good\"}"));

        var error = await Refused(string.Join('.', header, parts[1], parts[2]));

        error.Message.Should().Contain("Unsupported token signing algorithm 'none'");
    }

    [Test]
    public async Task Corpus_Hs256SignedWithTheRsaPublicKey_RefusedBeforeAnyKeyLookup()
    {
        var error = await Refused(_mint.Token("hs256-public-key"));

        error.Message.Should().Contain("Unsupported token signing algorithm 'HS256'");
        _bed.Handler!.TotalRequests.Should().Be(0);
    }

    [TestCase("kid-path-traversal", "'../../../etc/passwd'")]
    [TestCase("kid-url", "'http://evil.example.com/jwks'")]
    public async Task Corpus_KidWithPathOrUrlTricks_IsOnlyALookupKey(string token, string quoted)
    {
        var error = await Refused(_mint.Token(token));

        error.Message.Should().Contain("no key with kid " + quoted);
        _bed.Handler!.JwksRequests.Should().Be(1, "the kid never becomes part of a URL");
        _bed.Handler!.TotalRequests.Should().Be(2, "only discovery and the registered jwks_uri are fetched");
    }

    [TestCase("jku-attacker")]
    [TestCase("embedded-jwk")]
    [TestCase("attacker-key-good-kid")]
    public async Task Corpus_AttackerKeyNamedByHeader_IsNeverTrusted(string token)
    {
        var error = await Refused(_mint.Token(token));

        error.Message.Should().Be("The web identity token signature is invalid");
        _bed.Handler!.TotalRequests.Should().Be(2);
    }

    [Test]
    public async Task Corpus_CriticalHeaderExtension_IsRefused()
    {
        var error = await Refused(_mint.Token("crit"));

        error.Message.Should().Contain("'crit'");
    }

    [Test]
    public async Task Corpus_Expired_ReturnsExpiredTokenException()
    {
        var error = await Refused(_mint.Token("expired"), "ExpiredTokenException");

        error.Message.Should().Be($"Token expired: current date/time {WebIdentityTestBed.Now} must be before the expiration date/time{WebIdentityTestBed.Now - 3600}");
    }

    [Test]
    public async Task Corpus_NotYetValid_IsRefused()
    {
        var error = await Refused(_mint.Token("not-yet-valid"));

        error.Message.Should().StartWith("Token not yet valid");
    }

    [Test]
    public async Task Corpus_IssuedInTheFuture_IsRefused()
    {
        var error = await Refused(_mint.Token("issued-in-future"));

        error.Message.Should().StartWith("Token issued in the future");
    }

    [Test]
    public async Task Corpus_WrongIssuer_NoProviderFound()
    {
        var error = await Refused(_mint.Token("wrong-issuer"));

        error.Message.Should().Be("No OpenIDConnect provider found in your account for 'https://evil.example.com/realms/sts'");
        _bed.Handler!.TotalRequests.Should().Be(0);
    }

    [Test]
    public async Task Corpus_IssuerWithAnotherScheme_DoesNotMatchTheRegisteredUrl()
    {
        var error = await Refused(_mint.Token("http-scheme-issuer"));

        error.Message.Should().Contain("does not match the registered provider URL");
    }

    [Test]
    public async Task Corpus_WrongAudience_IncorrectTokenAudience()
    {
        var error = await Refused(_mint.Token("wrong-audience"));

        error.Message.Should().Be("Incorrect token audience: 'someone-else' is not a client id of the OpenIDConnect provider");
        _bed.Handler!.TotalRequests.Should().Be(0, "claims are checked before keys are fetched");
    }

    [Test]
    public async Task Corpus_AlgorithmNotMatchingTheKeyType_IsRefused()
    {
        var error = await Refused(_mint.Token("es256-kid-with-rsa-key"));

        error.Message.Should().Contain("cannot verify ES256 signatures");
    }

    [Test]
    public async Task Corpus_TamperedHeaderAlgorithm_RefusedByTheKeysOwnAlg()
    {
        var parts = _mint.Token("valid").Split('.');
        var header = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])).Replace("RS256", "RS384", StringComparison.Ordinal);
        var token = string.Join('.', Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)), parts[1], parts[2]);

        var error = await Refused(token);

        error.Message.Should().Be("The identity provider's key 'good' cannot verify RS384 signatures");
    }

    [Test]
    public async Task Corpus_TamperedHeaderMember_SignatureInvalid()
    {
        var parts = _mint.Token("valid").Split('.');
        var header = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])).Insert(1, "\"typ\":\"JWT\",");
        var token = string.Join('.', Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)), parts[1], parts[2]);

        var error = await Refused(token);

        error.Message.Should().Be("The web identity token signature is invalid");
    }

    [Test]
    public async Task Corpus_TamperedPayloadSubject_SignatureInvalid()
    {
        var parts = _mint.Token("valid").Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("user-alice", "user-admin", StringComparison.Ordinal);
        var token = string.Join('.', parts[0], Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)), parts[2]);

        var error = await Refused(token);

        error.Message.Should().Be("The web identity token signature is invalid");
    }

    [Test]
    public async Task Corpus_TamperedSignatureByte_SignatureInvalid()
    {
        var parts = _mint.Token("valid").Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[10] ^= 0x01;
        var token = string.Join('.', parts[0], parts[1], Base64Url.EncodeToString(signature));

        var error = await Refused(token);

        error.Message.Should().Be("The web identity token signature is invalid");
    }

    [Test]
    public async Task Corpus_TruncatedSignature_SignatureInvalid()
    {
        var parts = _mint.Token("valid").Split('.');
        var token = string.Join('.', parts[0], parts[1], Base64Url.EncodeToString(Base64Url.DecodeFromChars(parts[2]).AsSpan(1)));

        var error = await Refused(token);

        error.Message.Should().Be("The web identity token signature is invalid");
    }

    [Test]
    public async Task Corpus_SignatureStripped_IsRefusedAsUnsigned()
    {
        var parts = _mint.Token("valid").Split('.');

        var error = await Refused(parts[0] + "." + parts[1] + ".");

        error.Message.Should().Contain("not signed");
    }

    [Test]
    public async Task Corpus_Oversized_ValidationErrorBeforeParsing()
    {
        var token = _mint.Token("valid") + "." + new string('A', WebIdentityOptions.AwsMaxTokenLength);

        var error = await Refused(token, "ValidationError");

        error.Message.Should().Be("1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000");
        _bed.Handler!.TotalRequests.Should().Be(0);
    }

    [Test]
    public async Task Corpus_EncryptedFivePartToken_IsRefused()
    {
        var error = await Refused("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d");

        error.Message.Should().Contain("JWE");
    }

    [Test]
    public async Task Corpus_RepeatedClaimInPayload_IsRefused()
    {
        var parts = _mint.Token("valid").Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        var doubled = payload.Insert(1, "\"sub\":\"user-admin\",");
        var token = string.Join('.', parts[0], Base64Url.EncodeToString(Encoding.UTF8.GetBytes(doubled)), parts[2]);

        var error = await Refused(token);

        error.Message.Should().Be("The web identity token payload repeats the claim 'sub'");
    }

    [Test]
    public async Task Corpus_RepeatedAlgInHeader_IsRefused()
    {
        var parts = _mint.Token("valid").Split('.');
        var header = Base64Url.EncodeToString("""{"alg":"RS256","alg":"none","kid":"good"}"""u8);

        var error = await Refused(string.Join('.', header, parts[1], parts[2]));

        error.Message.Should().Contain("repeated or non-string 'alg'");
    }

    [TestCase("not base64!.eyJ9.c2ln", "header is not base64url")]
    [TestCase("W10.eyJ9.c2ln", "header is not a JSON object")]
    [TestCase("e30.eyJ9.c2ln", "header has no 'alg'")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9.W10.c2ln", "payload is not a JSON object")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", "payload is not valid JSON")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9..c2ln", "empty header or payload")]
    [TestCase("onlyonepart", "three dot-separated parts")]
    public async Task Corpus_MalformedStructure_IsRefusedWithAOneLineReason(string token, string message)
    {
        var error = await Refused(token);

        error.Message.Should().Contain(message);
    }

    [Test]
    public async Task Corpus_JwksWithDuplicateKids_TriesEachAndAcceptsOnlyTheirSignatures()
    {
        var a = (JsonObject)_mint.Key("dup-a").DeepClone();
        var b = (JsonObject)_mint.Key("dup-b").DeepClone();
        a["kid"] = "dup";
        b["kid"] = "dup";
        _bed.Provider.Jwks = new JsonObject { ["keys"] = new JsonArray(a, b) }.ToJsonString();
        var validator = _bed.Validator();

        var genuine = await validator.ValidateAsync(_mint.Token("dup-signed-by-b"), _bed.Providers());
        var forged = await validator.ValidateAsync(_mint.Token("dup-signed-by-attacker"), _bed.Providers());

        genuine.Error.Should().BeNull();
        forged.Error!.Code.Should().Be("InvalidIdentityToken");
        forged.Error.Message.Should().Be("The web identity token signature is invalid");
    }

    [Test]
    public async Task Corpus_HttpIssuerByDefault_IsRefused()
    {
        await using var plain = new WebIdentityTestBed(tls: false);
        var mint = JoseMint.Mint([new MintKey("k", "RS256")], [new MintToken("t", "k", plain.Claims())]);
        plain.Reset(mint.Jwks("k"));

        var refused = await plain.Validator().ValidateAsync(mint.Token("t"), plain.Providers());
        var allowed = await plain.Validator(new WebIdentityOptions { AllowHttpIssuers = true }).ValidateAsync(mint.Token("t"), plain.Providers());

        refused.Error!.Code.Should().Be("InvalidIdentityToken");
        refused.Error.Message.Should().Contain("does not use https://");
        allowed.Error.Should().BeNull();
    }

    [Test]
    public async Task Corpus_HttpsIssuerWhoseDiscoveryPointsToHttpJwks_IsRefused()
    {
        _bed.Provider.DiscoveryOverride = new JsonObject
        {
            ["issuer"] = _bed.Issuer,
            ["jwks_uri"] = _bed.Issuer.Replace("https://", "http://", StringComparison.Ordinal) + "/jwks",
        }.ToJsonString();

        var error = await Refused(_mint.Token("valid"), "IDPCommunicationError");

        error.Message.Should().Contain("only https:// URLs are allowed");
    }
}
