using System.Text.Json.Nodes;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>Tokens minted by jose (npm), keys served over TLS on 127.0.0.1: the accepting paths and claim handling.</summary>
[TestFixture]
public sealed class WebIdentityTokenValidatorTests
{
    private static readonly string[] Algorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    private WebIdentityTestBed _bed = null!;
    private MintResult _mint = null!;
    private string _allKeys = null!;

    [OneTimeSetUp]
    public void MintTokens()
    {
        _bed = new WebIdentityTestBed();
        var tokens = new List<MintToken>();
        foreach (var alg in Algorithms)
        {
            tokens.Add(new MintToken("alg-" + alg, "key-" + alg, _bed.Claims()));
        }

        tokens.Add(new MintToken("no-kid", "key-ES256", _bed.Claims(), Header: new JsonObject { ["kid"] = null }));
        tokens.Add(new MintToken("claims", "key-RS256", _bed.Claims(c =>
        {
            c["azp"] = "sts-client";
            c["amr"] = new JsonArray("pwd", "mfa");
            c["email"] = "alice@example.com";
            c["groups"] = new JsonArray("admins", "devs");
            c["email_verified"] = true;
            c["level"] = 7;
            c["address"] = new JsonObject { ["country"] = "JP", ["sub"] = "spoofed" };
            c["app_id"] = "spoofed-app";
        })));
        tokens.Add(new MintToken("tags", "key-RS256", _bed.Claims(c =>
        {
            c["https://aws.amazon.com/tags"] = new JsonObject
            {
                ["principal_tags"] = new JsonObject { ["Department"] = new JsonArray("Engineering"), ["Project"] = new JsonArray("Sts") },
                ["transitive_tag_keys"] = new JsonArray("Project"),
            };
            c["https://aws.amazon.com/source_identity"] = "alice@example.com";
        })));
        tokens.Add(new MintToken("tag-aws-prefix", "key-RS256", _bed.Claims(c =>
            c["https://aws.amazon.com/tags"] = new JsonObject { ["principal_tags"] = new JsonObject { ["aws:Department"] = new JsonArray("x") } })));
        tokens.Add(new MintToken("tags-51", "key-RS256", _bed.Claims(c =>
        {
            var tags = new JsonObject();
            for (var i = 0; i < 51; i++)
            {
                tags["Tag" + i] = new JsonArray("v");
            }

            c["https://aws.amazon.com/tags"] = new JsonObject { ["principal_tags"] = tags };
        })));
        tokens.Add(new MintToken("tag-duplicate-case", "key-RS256", _bed.Claims(c =>
            c["https://aws.amazon.com/tags"] = new JsonObject { ["principal_tags"] = new JsonObject { ["Dept"] = new JsonArray("a"), ["DEPT"] = new JsonArray("b") } })));
        tokens.Add(new MintToken("transitive-unknown", "key-RS256", _bed.Claims(c =>
            c["https://aws.amazon.com/tags"] = new JsonObject { ["principal_tags"] = new JsonObject { ["A"] = new JsonArray("1") }, ["transitive_tag_keys"] = new JsonArray("B") })));
        tokens.Add(new MintToken("source-identity-aws", "key-RS256", _bed.Claims(c => c["https://aws.amazon.com/source_identity"] = "aws:admin")));
        tokens.Add(new MintToken("aud-array", "key-RS256", _bed.Claims(c => c["aud"] = new JsonArray("other-api", "sts-client"))));
        tokens.Add(new MintToken("azp-match", "key-RS256", _bed.Claims(c => { c["aud"] = "other-api"; c["azp"] = "sts-client"; })));
        tokens.Add(new MintToken("client-id-match", "key-RS256", _bed.Claims(c => { c.Remove("aud"); c["client_id"] = "sts-client"; })));
        tokens.Add(new MintToken("iss-trailing-slash", "key-RS256",
            WebIdentityTestBed.ClaimsFor(_bed.Issuer + "/", null)));
        tokens.Add(new MintToken("exp-fraction", "key-RS256", _bed.Claims(c => c["exp"] = WebIdentityTestBed.Now + 600.5)));
        tokens.Add(new MintToken("exp-string", "key-RS256", _bed.Claims(c => c["exp"] = (WebIdentityTestBed.Now + 600).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        tokens.Add(new MintToken("no-exp", "key-RS256", _bed.Claims(c => c.Remove("exp"))));
        tokens.Add(new MintToken("no-sub", "key-RS256", _bed.Claims(c => c.Remove("sub"))));
        tokens.Add(new MintToken("expired-4-minutes", "key-RS256", _bed.Claims(c => c["exp"] = WebIdentityTestBed.Now - 240)));
        _mint = JoseMint.Mint(Algorithms.Select(a => new MintKey("key-" + a, a)), tokens);
        _allKeys = _mint.Jwks(Algorithms.Select(a => "key-" + a).ToArray());
    }

    [OneTimeTearDown]
    public async Task StopProvider() => await _bed.DisposeAsync();

    [SetUp]
    public void ResetProvider() => _bed.Reset(_allKeys);

    private ValueTask<StsResult<ValidatedWebIdentity>> Validate(string tokenName, WebIdentityOptions? options = null) =>
        _bed.Validator(options).ValidateAsync(_mint.Token(tokenName), _bed.Providers());

    [TestCaseSource(nameof(Algorithms))]
    public async Task ValidateAsync_TokenSignedWithEachAllowedAlgorithm_Succeeds(string algorithm)
    {
        var result = await Validate("alg-" + algorithm);

        result.Error.Should().BeNull();
        result.Value.Algorithm.Should().Be(algorithm);
        result.Value.KeyId.Should().Be("key-" + algorithm);
    }

    [Test]
    public async Task ValidateAsync_ValidToken_ReturnsProviderIdentityAndConditionKeys()
    {
        var result = await Validate("alg-RS256");

        var identity = result.Value;
        var name = OidcIssuer.Normalize(_bed.Issuer);
        identity.ProviderArn.Should().Be(WebIdentityTestBed.AccountArnPrefix + name);
        identity.ProviderName.Should().Be(name).And.StartWith("127.0.0.1:").And.EndWith("/realms/sts");
        identity.Issuer.Should().Be(_bed.Issuer);
        identity.Subject.Should().Be("user-alice");
        identity.Audience.Should().Be("sts-client");
        identity.ExpiresAt.Should().Be(WebIdentityTestBed.Start.AddSeconds(600));
        identity.IssuedAt.Should().Be(WebIdentityTestBed.Start);
        identity.ConditionKeys[name + ":sub"].Should().Equal("user-alice");
        identity.ConditionKeys[name + ":aud"].Should().Equal("sts-client");
        identity.ConditionKeys[name + ":app_id"].Should().Equal("sts-client");
        identity.SessionTags.Should().BeEmpty();
        identity.SourceIdentity.Should().BeNull();
    }

    [Test]
    public async Task ValidateAsync_BareEcKeyWithoutKid_UsesTheOnlyKeyOfTheSet()
    {
        _bed.Reset(_mint.Jwks("key-ES256"));

        var result = await Validate("no-kid");

        result.Error.Should().BeNull();
        result.Value.KeyId.Should().Be("key-ES256");
        _mint.Key("key-ES256").ContainsKey("x5c").Should().BeFalse("the key must be a bare EC JWK");
    }

    [Test]
    public async Task ValidateAsync_NoKidAndSeveralKeys_ReturnsInvalidIdentityToken()
    {
        var result = await Validate("no-kid");

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Contain("no 'kid'").And.Contain("9 keys");
    }

    [Test]
    public async Task ValidateAsync_ClaimsOfAllShapes_BecomeCephStyleConditionKeys()
    {
        var keys = (await Validate("claims")).Value.ConditionKeys;
        var p = OidcIssuer.Normalize(_bed.Issuer) + ":";

        keys[p + "azp"].Should().Equal("sts-client");
        keys[p + "amr"].Should().Equal("pwd", "mfa");
        keys[p + "email"].Should().Equal("alice@example.com");
        keys[p + "groups"].Should().Equal("admins", "devs");
        keys[p + "email_verified"].Should().Equal("true");
        keys[p + "level"].Should().Equal("7");
        keys[p + "country"].Should().Equal("JP");
        keys[p + "sub"].Should().Equal(["user-alice"], "a nested object must not add values to an identity key");
        keys[p + "app_id"].Should().Equal(["sts-client"], "app_id is the audience, not a claim of that name");
        keys.Should().ContainKey(p.ToUpperInvariant() + "SUB", "condition keys are case-insensitive");
    }

    [TestCase("claims")]
    [TestCase("tags")]
    [TestCase("aud-array")]
    [TestCase("client-id-match")]
    public async Task ConditionKeys_LookupByNameAndEnumeration_Agree(string token)
    {
        var keys = (await Validate(token)).Value.ConditionKeys;

        keys.Count.Should().BeGreaterThan(4);
        foreach (var (name, values) in keys)
        {
            keys.TryGetValue(name, out var looked).Should().BeTrue(name);
            looked.Should().Equal(values, name);
            keys.TryGetValue(name.ToUpperInvariant(), out var upper).Should().BeTrue(name);
            upper.Should().Equal(values, name);
        }

        keys.ContainsKey(OidcIssuer.Normalize(_bed.Issuer) + ":no_such_claim").Should().BeFalse();
        keys.ContainsKey("aws:RequestTag/NoSuchTag").Should().BeFalse();
        keys.ContainsKey("sub").Should().BeFalse("provider keys always carry the provider prefix");
    }

    [Test]
    public async Task ValidateAsync_ClaimsOfAllShapes_ReportsAzpAmrAndClaims()
    {
        var identity = (await Validate("claims")).Value;

        identity.AuthorizedParty.Should().Be("sts-client");
        identity.AuthenticationMethods.Should().Equal("pwd", "mfa");
        identity.Claims["email"].GetString().Should().Be("alice@example.com");
        identity.Claims.Should().ContainKey("address");
    }

    [Test]
    public async Task ValidateAsync_TagsAndSourceIdentityClaims_BecomeSessionTagsAndRequestKeys()
    {
        var identity = (await Validate("tags")).Value;

        identity.SessionTags.Should().BeEquivalentTo(new[]
        {
            new WebIdentitySessionTag("Department", ["Engineering"], false),
            new WebIdentitySessionTag("Project", ["Sts"], true),
        });
        identity.TransitiveTagKeys.Should().Equal("Project");
        identity.SourceIdentity.Should().Be("alice@example.com");
        identity.ConditionKeys["aws:RequestTag/Department"].Should().Equal("Engineering");
        identity.ConditionKeys["aws:RequestTag/Project"].Should().Equal("Sts");
        identity.ConditionKeys["aws:TagKeys"].Should().Equal("Department", "Project");
        identity.ConditionKeys["sts:TransitiveTagKeys"].Should().Equal("Project");
        identity.ConditionKeys["sts:SourceIdentity"].Should().Equal("alice@example.com");
        identity.ConditionKeys.Keys.Should().NotContain(k => k.Contains("principal_tags", StringComparison.Ordinal));
    }

    [TestCase("tag-aws-prefix", "IDPRejectedClaim", "must not start with 'aws:'")]
    [TestCase("tags-51", "IDPRejectedClaim", "51 session tags")]
    [TestCase("tag-duplicate-case", "InvalidIdentityToken", "repeats the tag key 'DEPT'")]
    [TestCase("transitive-unknown", "InvalidIdentityToken", "names no tag")]
    [TestCase("source-identity-aws", "IDPRejectedClaim", "Source identity 'aws:admin'")]
    public async Task ValidateAsync_SessionClaimBreakingAwsRules_IsRefused(string token, string code, string message)
    {
        var error = (await Validate(token)).Error!;

        error.Code.Should().Be(code);
        error.Message.Should().Contain(message);
    }

    [TestCase("aud-array", "sts-client")]
    [TestCase("azp-match", "sts-client")]
    [TestCase("client-id-match", "sts-client")]
    public async Task ValidateAsync_ClientIdInAudAzpOrClientId_IsTheAudience(string token, string audience)
    {
        var result = await Validate(token);

        result.Value.Audience.Should().Be(audience);
    }

    [Test]
    public async Task ValidateAsync_AudArray_ExposesEveryAudienceAsAudAndAppId()
    {
        var keys = (await Validate("aud-array")).Value.ConditionKeys;
        var p = OidcIssuer.Normalize(_bed.Issuer) + ":";

        keys[p + "aud"].Should().Equal("other-api", "sts-client");
        keys[p + "app_id"].Should().Equal("other-api", "sts-client");
    }

    [Test]
    public async Task ValidateAsync_IssuerWithTrailingSlash_FindsTheRegisteredProvider()
    {
        var result = await Validate("iss-trailing-slash");

        result.Error.Should().BeNull();
        result.Value.Issuer.Should().EndWith("/");
        result.Value.ProviderName.Should().Be(OidcIssuer.Normalize(_bed.Issuer));
    }

    [TestCase("exp-fraction", "'exp' claim must be an integer")]
    [TestCase("exp-string", "'exp' claim must be an integer")]
    [TestCase("no-exp", "no 'exp' claim")]
    [TestCase("no-sub", "no 'sub' claim")]
    public async Task ValidateAsync_MissingOrNonIntegerClaim_ReturnsInvalidIdentityToken(string token, string message)
    {
        var error = (await Validate(token)).Error!;

        error.Code.Should().Be("InvalidIdentityToken");
        error.Message.Should().Contain(message);
    }

    [Test]
    public async Task ValidateAsync_ExpiredWithinLeeway_Succeeds()
    {
        var result = await Validate("expired-4-minutes");

        result.Error.Should().BeNull();
    }

    [Test]
    public async Task ValidateAsync_ExpiredWithZeroLeeway_ReturnsExpiredTokenException()
    {
        var result = await Validate("expired-4-minutes", new WebIdentityOptions { ClockLeeway = TimeSpan.Zero });

        result.Error!.Code.Should().Be("ExpiredTokenException");
        result.Error.Message.Should().Be($"Token expired: current date/time {WebIdentityTestBed.Now} must be before the expiration date/time{WebIdentityTestBed.Now - 240}");
    }

    [Test]
    public async Task ValidateAsync_TokenOfMaximumLength_IsParsedNotRefusedForLength()
    {
        var token = "eyJhbGciOiJSUzI1NiJ9." + new string('A', WebIdentityOptions.AwsMaxTokenLength - 23) + ".A";
        token.Length.Should().Be(WebIdentityOptions.AwsMaxTokenLength);

        var result = await _bed.Validator().ValidateAsync(token, _bed.Providers());

        result.Error!.Code.Should().Be("InvalidIdentityToken");
    }

    [TestCase("")]
    [TestCase("abc")]
    public async Task ValidateAsync_TokenShorterThanFour_ReturnsValidationError(string token)
    {
        var result = await _bed.Validator().ValidateAsync(token, _bed.Providers());

        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain("greater than or equal to 4");
    }

    [Test]
    public async Task ValidateAsync_InvalidWebtokenOfCephsDisabledTest_ReturnsInvalidIdentityToken()
    {
        // s3-tests' test_assume_role_with_web_identity_invalid_webtoken sends "abcdef" (Ceph: AccessDenied; AWS: InvalidIdentityToken).
        var result = await _bed.Validator().ValidateAsync("abcdef", _bed.Providers());

        result.Error!.Code.Should().Be("InvalidIdentityToken");
    }
}
