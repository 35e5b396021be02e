using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// The decisions of the validator's own payload reader (JwtPayload): strict-payload-cases.json, one
/// runner, each case a payload signed with a key the provider serves, so the payload alone decides;
/// plus the cases a table cannot hold (generated payloads, the tag-text check against AWS's pattern).
/// </summary>
[TestFixture]
public sealed class WebIdentityStrictPayloadTests
{
    private const string KeyId = "k";

    private WebIdentityTestBed _bed = null!;
    private RSA _key = null!;
    private string _jwks = null!;

    [OneTimeSetUp]
    public void StartProvider()
    {
        _bed = new WebIdentityTestBed();
        _key = RSA.Create(2048);
        var parameters = _key.ExportParameters(false);
        _jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId,
                ["n"] = Base64Url.EncodeToString(parameters.Modulus), ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            }),
        }.ToJsonString();
    }

    [OneTimeTearDown]
    public async Task StopProvider()
    {
        _key.Dispose();
        await _bed.DisposeAsync();
    }

    [SetUp]
    public void ResetProvider() => _bed.Reset(_jwks);

    private static JsonArray Corpus() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "WebIdentity", "strict-payload-cases.json")))!.AsArray();

    private static IEnumerable<TestCaseData> Cases() =>
        Corpus().Select(c => new TestCaseData(c!.ToJsonString()).SetName("ValidateAsync_" + c["name"]!.GetValue<string>()));

    [TestCaseSource(nameof(Cases))]
    public async Task ValidateAsync_StrictPayloadCase_MatchesTheTable(string json)
    {
        var testCase = JsonNode.Parse(json)!;
        var payload = testCase["payload"] is { } text
            ? Encoding.UTF8.GetBytes(Expand(text.GetValue<string>()))
            : Encoding.Latin1.GetBytes(Expand(Encoding.Latin1.GetString(Convert.FromBase64String(testCase["payloadBase64"]!.GetValue<string>()))));
        var token = Sign("""{"alg":"RS256","kid":"k"}"""u8.ToArray(), payload);

        var result = await _bed.Validator().ValidateAsync(token, _bed.Providers());

        var expect = testCase["expect"]!;
        if (expect["valid"] is not null)
        {
            Assert.That(result.Error, Is.Null, () => result.Error!.ToString());
            return;
        }

        Assert.That(result.IsSuccess, Is.False, "the token should be refused");
        Assert.That(result.Error!.Code, Is.EqualTo(expect["code"]!.GetValue<string>()));
        Assert.That(result.Error.Message, Does.Contain(expect["message"]!.GetValue<string>()));
        Assert.That(result.Error.Message, Does.Not.Contain(token.Split('.')[2]), "messages never quote the signature");
        Assert.That(result.Error.Message, Does.Not.Contain("\n"));
    }

    [TestCase(3)]
    [TestCase(35)]
    public async Task ValidateAsync_RepeatedClaimPastThePairwiseLimit_IsRefused(int repeated)
    {
        var claims = new StringBuilder("{" + BaseClaims());
        for (var i = 0; i < 40; i++)
        {
            claims.Append(CultureInfo.InvariantCulture, $",\"c{i}\":{i}");
        }

        claims.Append(CultureInfo.InvariantCulture, $",\"c{repeated}\":0}}");

        var result = await Validate(claims.ToString());

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Be($"The web identity token payload repeats the claim 'c{repeated}'");
    }

    [Test]
    public async Task ValidateAsync_ThousandsOfDistinctClaims_AreReadAndMapped()
    {
        var claims = new StringBuilder("{" + BaseClaims());
        for (var i = 0; i < 1000; i++)
        {
            claims.Append(CultureInfo.InvariantCulture, $",\"c{i}\":{i}");
        }

        var result = await Validate(claims.Append('}').ToString());

        result.Error.Should().BeNull();
        result.Value.Claims.Count.Should().Be(1004);
        result.Value.Claims["c999"].GetInt32().Should().Be(999);
    }

    [Test]
    public async Task Claims_OfAValidatedToken_AreThePayloadsUnescapedClaimsInTokenOrder()
    {
        var payload = "{" + BaseClaims() + ""","em\u0061il":"alice@example.com","groups":["a","b"],"address":{"country":"JP"},"level":7}""";

        var identity = (await Validate(payload)).Value;

        // JsonNode (System.Text.Json's DOM, not the validator's reader) as the reference reading of the same text.
        var expected = JsonNode.Parse(Expand(payload))!.AsObject();
        identity.Claims.Keys.Should().Equal(expected.Select(p => p.Key));
        foreach (var (name, value) in expected)
        {
            JsonNode.Parse(identity.Claims[name].GetRawText())!.ToJsonString().Should().Be(value!.ToJsonString(), name);
        }

        identity.ConditionKeys[identity.ProviderName + ":email"].Should().Equal("alice@example.com");
        identity.ConditionKeys[identity.ProviderName + ":country"].Should().Equal("JP");
    }

    [Test]
    public async Task ValidateAsync_HeaderLongerThanTheStackBuffer_IsRead()
    {
        var header = Encoding.UTF8.GetBytes($$"""{"alg":"RS256","kid":"k","x":"{{new string('x', 2000)}}"}""");
        var token = Sign(header, Encoding.UTF8.GetBytes(Expand("{" + BaseClaims() + "}")));

        var result = await _bed.Validator().ValidateAsync(token, _bed.Providers());

        result.Error.Should().BeNull();
    }

    [Test]
    public async Task ValidateAsync_HeadersAlternating_EachTokenIsReadByItsOwnHeader()
    {
        // The parser remembers the last header it read; a different header must never be read as that one.
        var payload = Encoding.UTF8.GetBytes(Expand("{" + BaseClaims() + "}"));
        var known = Sign("""{"alg":"RS256","kid":"k"}"""u8.ToArray(), payload);
        var otherKid = Sign("""{"alg":"RS256","kid":"other"}"""u8.ToArray(), payload);
        var hmac = Sign("""{"alg":"HS256","kid":"k"}"""u8.ToArray(), payload);
        var validator = _bed.Validator();

        (await validator.ValidateAsync(known, _bed.Providers())).Error.Should().BeNull();
        (await validator.ValidateAsync(otherKid, _bed.Providers())).Error!.Message.Should().Contain("no key with kid 'other'");
        (await validator.ValidateAsync(known, _bed.Providers())).Error.Should().BeNull();
        (await validator.ValidateAsync(hmac, _bed.Providers())).Error!.Message.Should().StartWith("Unsupported token signing algorithm 'HS256'");
        (await validator.ValidateAsync(hmac, _bed.Providers())).Error!.Message.Should().StartWith("Unsupported token signing algorithm 'HS256'");
        (await validator.ValidateAsync(known, _bed.Providers())).Error.Should().BeNull();
    }

    [TestCase("e30*", "payload is not base64url")]
    [TestCase("e30AA", "payload is not base64url")]
    [TestCase("e3 0", "payload is not base64url")]
    [TestCase("e30=", "payload is not base64url")]
    [TestCase("e3\n0", "payload is not base64url")]
    public async Task ValidateAsync_PayloadNotStrictBase64Url_ReturnsInvalidIdentityToken(string payload, string message)
    {
        var result = await _bed.Validator().ValidateAsync("eyJhbGciOiJSUzI1NiJ9." + payload + ".c2ln", _bed.Providers());

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Contain(message);
        _bed.Handler!.TotalRequests.Should().Be(0);
    }

    [TestCase("eyJhbGciOiJSUzI1NiJ9=.e30.c2ln", "header is not base64url")]
    [TestCase("eyJhbGciOiJSU zI1NiJ9.e30.c2ln", "header is not base64url")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9.e30.c2l n", "signature is not base64url")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9.e30.c2ln==", "signature is not base64url")]
    public async Task ValidateAsync_HeaderOrSignatureNotStrictBase64Url_ReturnsInvalidIdentityToken(string token, string message)
    {
        var result = await _bed.Validator().ValidateAsync(token, _bed.Providers());

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Contain(message);
    }

    [Test]
    public void IsTagText_EveryUtf16Unit_AgreesWithAwsPatternAnchoredAtTheEnd()
    {
        // AWS's tag pattern, with \z: the regex the validator used before let "$" accept a trailing line feed.
        var aws = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+\z", RegexOptions.CultureInvariant);
        var disagreements = new List<int>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = "A" + (char)c;
            if (WebIdentityTokenValidator.IsTagText(text) != aws.IsMatch(text))
            {
                disagreements.Add(c);
            }
        }

        disagreements.Should().BeEmpty();
        WebIdentityTokenValidator.IsTagText("").Should().BeFalse();
        WebIdentityTokenValidator.IsTagText("Dept\n").Should().BeFalse();
        WebIdentityTokenValidator.IsTagText("Abteilung Süd 東京 ٣ +=.:/@-_").Should().BeTrue();
    }

    private static string BaseClaims() => """"
        "iss":"$ISS","sub":"user-alice","aud":"sts-client","exp":$EXP
        """";

    private string Expand(string text) => text
        .Replace("$ISS", _bed.Issuer, StringComparison.Ordinal)
        .Replace("$EXP", (WebIdentityTestBed.Now + 600).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("$NOW", WebIdentityTestBed.Now.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private ValueTask<StsResult<ValidatedWebIdentity>> Validate(string payload) =>
        _bed.Validator().ValidateAsync(Sign("""{"alg":"RS256","kid":"k"}"""u8.ToArray(), Encoding.UTF8.GetBytes(Expand(payload))), _bed.Providers());

    private string Sign(byte[] header, byte[] payload)
    {
        var input = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }
}
