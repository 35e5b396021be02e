using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;
using Sts.Core.SecurityToken;
using Sts.Core.Tests.WebIdentity;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// AssumeRoleWithWebIdentity wired to the real IAM service (in-memory store), the real token validator and the real
/// policy evaluator. Tokens are minted by jose (npm); discovery and JWKS are served over HTTP on 127.0.0.1, reached
/// through a handler that maps the issuers' public origins onto the local server (IAM registers only https issuers
/// without a port).
/// </summary>
[TestFixture]
public sealed class AssumeRoleWithWebIdentityTests
{
    private const string AccountNumber = "123456789012";
    private const string Issuer = "https://idp.example.com/realms/demo";
    private const string ProviderName = "idp.example.com/realms/demo";
    private const string ProviderArn = "arn:aws:iam::123456789012:oidc-provider/idp.example.com/realms/demo";
    private const string ClientId = "s3-client";
    private const string OtherClientId = "other-app";
    private const string DefaultTenantHttpsIssuer = "https://localhost/auth/realms/demo";
    private const string ReferenceIssuer = "http://localhost:8080/auth/realms/demo";
    private const string ReferenceProviderArn = "arn:aws:iam:::oidc-provider/localhost:8080/auth/realms/demo";
    private const string ReadOnlyPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));
    private static readonly IamPrincipal DefaultRoot = IamPrincipal.Root(AccountId.Default);

    private TestIdentityProvider _idp = null!;
    private MintResult _mint = null!;
    private FakeTimeProvider _clock = null!;
    private IamService _iam = null!;
    private SessionTokenSealer _sealer = null!;
    private WebIdentityTokenValidator _validator = null!;
    private StsService _sts = null!;

    [OneTimeSetUp]
    public void StartProviderAndMintTokens()
    {
        _idp = new TestIdentityProvider(tls: null, issuerPath: "/realms/demo");
        _mint = JoseMint.Mint(
            [new MintKey("k1", "RS256")],
            [
                new MintToken("alice", "k1", Claims(Issuer)),
                new MintToken("bob", "k1", Claims(Issuer, c => c["sub"] = "bob")),
                new MintToken("other-app", "k1", Claims(Issuer, c => c["aud"] = OtherClientId)),
                new MintToken("unregistered-audience", "k1", Claims(Issuer, c => c["aud"] = "someone-else")),
                new MintToken("expired", "k1", Claims(Issuer, c => c["exp"] = WebIdentityTestBed.Now - 3600)),
                new MintToken("unknown-issuer", "k1", Claims("https://unknown.example.com/realms/x")),
                new MintToken("tags", "k1", Claims(Issuer, c =>
                {
                    c["https://aws.amazon.com/tags"] = new JsonObject
                    {
                        ["principal_tags"] = new JsonObject { ["Department"] = new JsonArray("Engineering"), ["Project"] = new JsonArray("Sts") },
                        ["transitive_tag_keys"] = new JsonArray("Project"),
                    };
                })),
                // Keycloak's mapper in Ceph's s3-tests: one key, two values.
                new MintToken("keycloak-tags", "k1", Claims(Issuer, c =>
                {
                    c["https://aws.amazon.com/tags"] = new JsonObject
                    {
                        ["principal_tags"] = new JsonObject { ["Department"] = new JsonArray("Engineering", "Marketing") },
                    };
                })),
                new MintToken("source-identity", "k1", Claims(Issuer, c => c["https://aws.amazon.com/source_identity"] = "alice@example.com")),
                new MintToken("default-https", "k1", Claims(DefaultTenantHttpsIssuer)),
                new MintToken("reference", "k1", Claims(ReferenceIssuer)),
            ]);
        _idp.Jwks = _mint.Jwks("k1");
    }

    [OneTimeTearDown]
    public async Task StopProvider() => await _idp.DisposeAsync();

    [SetUp]
    public async Task CreateServices()
    {
        _clock = new FakeTimeProvider(WebIdentityTestBed.Start);
        _iam = new IamService(new InMemoryIamStore(), null, _clock);
        var directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        _sealer = new SessionTokenSealer(ring, _clock);
        _validator = NewValidator(new WebIdentityOptions());
        _sts = NewSts(directory, ring, new IamOidcProviderDirectory(_iam));

        (await _iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(Issuer, [ClientId, OtherClientId]))).IsSuccess.Should().BeTrue();
        await CreateRoleAsync(Root, "WebApp", Trust(ProviderArn, "sts:AssumeRoleWithWebIdentity", $$$"""{"StringEquals":{"{{{ProviderName}}}:aud":"{{{ClientId}}}","{{{ProviderName}}}:sub":"alice"}}"""), 7200);
        await CreateRoleAsync(Root, "CephStyle", Trust(ProviderArn, "sts:AssumeRoleWithWebIdentity", $$$"""{"StringEquals":{"{{{ProviderName}}}:app_id":"{{{ClientId}}}"}}"""));
        await CreateRoleAsync(Root, "Tagged", Trust(ProviderArn, """["sts:AssumeRoleWithWebIdentity","sts:TagSession","sts:SetSourceIdentity"]""", $$$"""{"StringEquals":{"{{{ProviderName}}}:aud":"{{{ClientId}}}","aws:RequestTag/Department":"Engineering"}}"""));
    }

    [TearDown]
    public void DisposeValidator() => _validator.Dispose();

    /// <summary>The role's tags reach its trust policy as <c>iam:ResourceTag/KEY</c>, as they do for AssumeRole.</summary>
    [TestCase("blue", true)]
    [TestCase("red", false)]
    public async Task AssumeRoleWithWebIdentity_TrustOnIamResourceTag_SeesTheRoleTags(string team, bool allowed)
    {
        var trust = Trust(ProviderArn, "sts:AssumeRoleWithWebIdentity", $$$$"""{"StringEquals":{"{{{{ProviderName}}}}:aud":"{{{{ClientId}}}}","iam:ResourceTag/team":"{{{{team}}}}"}}""");
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Owned", trust, Tags: [new IamTag("team", "blue")]))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("Owned", _mint.Token("alice")));

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
        if (!allowed)
        {
            result.Error!.Code.Should().Be("AccessDenied");
        }
    }

    /// <summary>Ceph profile: a role tag key held twice gives both values to <c>iam:ResourceTag/KEY</c> (any value matches).</summary>
    [TestCase("Engineering", true)]
    [TestCase("Marketing", true)]
    [TestCase("Sales", false)]
    public async Task AssumeRoleWithWebIdentity_MultiValuedRoleTag_CephMode_TrustSeesEveryValue(string department, bool allowed)
    {
        var iam = new IamService(new InMemoryIamStore(), new IamServiceOptions { CephCompatibility = CephCompatibility.MultiValuedSessionTags }, _clock);
        (await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(Issuer, [ClientId]))).IsSuccess.Should().BeTrue();
        var trust = Trust(ProviderArn, "sts:AssumeRoleWithWebIdentity", $$$$"""{"StringEquals":{"iam:ResourceTag/Department":"{{{{department}}}}"}}""");
        var tags = new[] { new IamTag("Department", "Engineering"), new IamTag("Department", "Marketing") };
        var created = await iam.CreateRoleAsync(Root, new CreateRoleRequest("Departments", trust, Tags: tags));
        created.IsSuccess.Should().BeTrue(created.Error?.ToString());
        var sts = NewSts(new IamStsDirectory(iam), SessionKeyRing.CreateWithNewKey(), new IamOidcProviderDirectory(iam));

        var result = await sts.AssumeRoleWithWebIdentityAsync(Request("Departments", _mint.Token("alice")));

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
    }

    private static JsonObject Claims(string issuer, Action<JsonObject>? change = null)
    {
        var claims = WebIdentityTestBed.ClaimsFor(issuer, change);
        if ((string?)claims["aud"] == WebIdentityTestBed.ClientId)
        {
            claims["aud"] = ClientId;
        }

        if ((string?)claims["sub"] == "user-alice")
        {
            claims["sub"] = "alice";
        }

        return claims;
    }

    private static string Trust(string federated, string action, string condition)
    {
        var actionJson = action.StartsWith('[') ? action : $"\"{action}\"";
        return $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{federated}}"},"Action":{{actionJson}},"Condition":{{condition}}}]}""";
    }

    private async Task CreateRoleAsync(IamPrincipal owner, string name, string trust, int? maxSessionDuration = null)
    {
        var created = await _iam.CreateRoleAsync(owner, new CreateRoleRequest(name, trust, MaxSessionDuration: maxSessionDuration));
        created.IsSuccess.Should().BeTrue(created.Error?.ToString());
    }

    private WebIdentityTokenValidator NewValidator(WebIdentityOptions options)
    {
        string[] issuers = [Issuer, DefaultTenantHttpsIssuer, ReferenceIssuer];
        return new WebIdentityTokenValidator(options, _clock, new HttpClient(new IssuerMappingHandler(issuers, _idp)));
    }

    private StsService NewSts(IamStsDirectory directory, SessionKeyRing ring, IOidcProviderDirectory providers) =>
        new(_sealer, directory, new PolicyEvaluatorStsDecider(directory), new InMemoryMfaDevices(), new TotpVerifier(_clock), directory,
            new AuthorizationMessageSealer(ring), _clock, _validator, providers);

    private static AssumeRoleWithWebIdentityRequest Request(string role, string token, string account = AccountNumber) => new()
    {
        RoleArn = $"arn:aws:iam::{account}:role/{role}",
        RoleSessionName = "app-session",
        WebIdentityToken = token,
    };

    private AssumeRoleWithWebIdentityRequest Request(string role, string token, string account, int duration) =>
        Request(role, _mint.Token(token), account) with { DurationSeconds = duration };

    [Test]
    public async Task AssumeRoleWithWebIdentity_TrustedProviderAudienceAndSubject_ReturnsWebIdentitySession()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("alice")) with { DurationSeconds = 7200 });

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        var response = result.Value;
        response.SubjectFromWebIdentityToken.Should().Be("alice");
        response.Provider.Should().Be(Issuer);
        response.Audience.Should().Be(ClientId);
        response.SourceIdentity.Should().BeNull();
        response.AssumedRoleUser.Arn.Should().Be("arn:aws:sts::123456789012:assumed-role/WebApp/app-session");
        response.AssumedRoleUser.AssumedRoleId.Should().MatchRegex("^AROA[A-Z2-7]{17}:app-session$");
        response.Credentials.Expiration.Should().Be(WebIdentityTestBed.Start.AddSeconds(7200));
        response.PackedPolicySize.Should().BeInRange(0, 100);

        var opened = _sealer.Open(response.Credentials.SessionToken, response.Credentials.AccessKeyId);
        opened.IsSuccess.Should().BeTrue(opened.Error?.ToString());
        opened.Value.Kind.Should().Be(SessionPrincipalKind.WebIdentity);
        opened.Value.WebIdentityProvider.Should().Be(ProviderName);
        opened.Value.WebIdentitySubject.Should().Be("alice");
        opened.Value.WebIdentityAudience.Should().Be(ClientId);
        opened.Value.RoleArn.Should().Be("arn:aws:iam::123456789012:role/WebApp");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_CephAppIdCondition_ReturnsSession()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("CephStyle", _mint.Token("alice")));
        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_RegisteredAudienceTheTrustDoesNotName_ReturnsAccessDenied()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("other-app")));
        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Be("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_AudienceNotRegisteredAtTheProvider_ReturnsInvalidIdentityToken()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("unregistered-audience")));
        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().StartWith("Incorrect token audience");
    }

    [TestCase("Engineering", true, TestName = "AssumeRoleWithWebIdentity_TrustOnTheRolesOwnTag_IamResourceTagMatches_ReturnsSession")]
    [TestCase("Marketing", false, TestName = "AssumeRoleWithWebIdentity_TrustOnTheRolesOwnTag_IamResourceTagDiffers_ReturnsAccessDenied")]
    public async Task AssumeRoleWithWebIdentity_TrustOnTheRolesOwnTag_DecidedByIamResourceTag(string roleTag, bool allowed)
    {
        var created = await _iam.CreateRoleAsync(Root, new CreateRoleRequest(
            "RoleTagged",
            Trust(ProviderArn, "sts:AssumeRoleWithWebIdentity", $$$"""{"StringEquals":{"{{{ProviderName}}}:aud":"{{{ClientId}}}","iam:ResourceTag/Department":"Engineering","aws:ResourceTag/Department":"Engineering"}}"""),
            Tags: [new IamTag("Department", roleTag)]));
        created.IsSuccess.Should().BeTrue(created.Error?.ToString());

        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("RoleTagged", _mint.Token("alice")));

        result.IsSuccess.Should().Be(allowed, result.Error?.ToString());
        if (!allowed)
        {
            result.Error!.Code.Should().Be("AccessDenied");
        }
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_SubjectConditionMismatch_ReturnsAccessDenied()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("bob")));
        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_SessionTagsWithoutTagSessionInTrust_ReturnsAccessDenied()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("tags")));
        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Be("Not authorized to perform sts:TagSession");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_MultiValuedTag_AwsMode_ReturnsInvalidIdentityToken()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("Tagged", _mint.Token("keycloak-tags")));

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Be("Session tag 'Department' has 2 values; AWS session tags have exactly one");
    }

    /// <summary>
    /// Ceph's s3-tests rows 22-25 at the STS level: the trust's <c>StringEquals aws:RequestTag/Department</c> matches one
    /// of the two values; the session keeps both, so a chained role's trust sees both as <c>aws:PrincipalTag/Department</c>.
    /// </summary>
    [TestCase("ForAllValues:StringEquals", """["Engineering","Marketing"]""", true)]
    [TestCase("ForAllValues:StringEquals", """["Engineering"]""", false)]
    [TestCase("StringEquals", "\"Marketing\"", true)]
    [TestCase("ForAnyValue:StringEquals", """["Marketing","Sales"]""", true)]
    [TestCase("StringEquals", "\"Sales\"", false)]
    public async Task AssumeRoleWithWebIdentity_MultiValuedTag_CephMode_SessionKeepsEveryValue(string condition, string values, bool chainAllowed)
    {
        _validator.Dispose();
        _validator = NewValidator(new WebIdentityOptions { CephCompatibility = CephCompatibility.MultiValuedSessionTags });
        var sts = NewSts(new IamStsDirectory(_iam), SessionKeyRing.CreateWithNewKey(), new IamOidcProviderDirectory(_iam));
        await CreateRoleAsync(Root, "Next", $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Tagged"},"Action":"sts:AssumeRole",
             "Condition":{"{{{{condition}}}}":{"aws:PrincipalTag/Department":{{{{values}}}}}}}]}
            """);

        var result = await sts.AssumeRoleWithWebIdentityAsync(Request("Tagged", _mint.Token("keycloak-tags")));

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        var opened = _sealer.Open(result.Value.Credentials.SessionToken, result.Value.Credentials.AccessKeyId).Value;
        opened.Tags.Should().ContainSingle().Which.Values.Should().Equal("Engineering", "Marketing");
        var chained = await sts.AssumeRoleAsync(StsCaller.ForSession(opened), new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Next", RoleSessionName = "next" });
        chained.IsSuccess.Should().Be(chainAllowed, chained.Error?.ToString());
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_SessionTagsWithTagSessionInTrust_SealsPrincipalAndTransitiveTags()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("Tagged", _mint.Token("tags")));

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        var opened = _sealer.Open(result.Value.Credentials.SessionToken, result.Value.Credentials.AccessKeyId).Value;
        opened.Tags.Should().BeEquivalentTo([new SessionTag("Department", "Engineering"), new SessionTag("Project", "Sts")]);
        opened.TransitiveTagKeys.Should().Equal("Project");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_SourceIdentityWithoutSetSourceIdentityInTrust_ReturnsAccessDenied()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("source-identity")));
        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Be("Not authorized to perform sts:SetSourceIdentity");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_SourceIdentityWithSetSourceIdentityInTrust_ReturnsAndSealsIt()
    {
        await CreateRoleAsync(Root, "Sourced", Trust(ProviderArn, """["sts:AssumeRoleWithWebIdentity","sts:SetSourceIdentity"]""", $$$"""{"StringEquals":{"sts:SourceIdentity":"alice@example.com"}}"""));

        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("Sourced", _mint.Token("source-identity")));

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value.SourceIdentity.Should().Be("alice@example.com");
        _sealer.Open(result.Value.Credentials.SessionToken, result.Value.Credentials.AccessKeyId).Value.SourceIdentity.Should().Be("alice@example.com");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_ExpiredToken_ReturnsExpiredTokenException()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("expired")));
        result.Error!.Code.Should().Be("ExpiredTokenException");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_IssuerWithoutProviderInTheRolesAccount_ReturnsInvalidIdentityToken()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("unknown-issuer")));
        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().StartWith("No OpenIDConnect provider found in your account for");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_ProviderRegisteredInAnotherAccountOnly_ReturnsInvalidIdentityToken()
    {
        await CreateRoleAsync(DefaultRoot, "WebApp", Trust(ProviderArn, "sts:AssumeRoleWithWebIdentity", "{}"));
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("alice"), account: string.Empty));
        result.Error!.Code.Should().Be("InvalidIdentityToken");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_ProviderDeleted_ReturnsInvalidIdentityToken()
    {
        (await _iam.DeleteOpenIDConnectProviderAsync(Root, new DeleteOpenIDConnectProviderRequest(ProviderArn))).IsSuccess.Should().BeTrue();
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("alice")));
        result.Error!.Code.Should().Be("InvalidIdentityToken");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_UnknownRole_ReturnsAccessDenied()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("NoSuchRole", _mint.Token("alice")));
        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Be("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_DurationAboveRoleMaximum_ReturnsValidationError()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("CephStyle", "alice", AccountNumber, 3601));
        result.Error!.Message.Should().Be("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    [TestCase(3)]
    [TestCase(20001)]
    public async Task AssumeRoleWithWebIdentity_TokenLengthOutsideModel_ReturnsValidationErrorWithoutTheToken(int length)
    {
        var token = new string('x', length);
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", token));
        result.Error!.Code.Should().Be("ValidationError");
        result.Error.Message.Should().Contain("'webIdentityToken'").And.NotContain("xxx");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_MalformedSessionPolicy_ReturnsMalformedPolicyDocument()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("alice")) with { Policy = """{"Statement":"nope"}""" });
        result.Error!.Code.Should().Be("MalformedPolicyDocument");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_PolicyArnThatDoesNotExist_ReturnsNoSuchEntity()
    {
        (await _iam.CreatePolicyAsync(Root, new CreatePolicyRequest("ReadOnly", ReadOnlyPolicy))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("CephStyle", _mint.Token("alice")) with
        {
            PolicyArns = ["arn:aws:iam::123456789012:policy/ReadOnly", "arn:aws:iam::123456789012:policy/Missing"],
        });

        result.Error!.Code.Should().Be("NoSuchEntity");
        result.Error.HttpStatus.Should().Be(404);
        result.Error.Message.Should().Be("Policy arn:aws:iam::123456789012:policy/Missing does not exist or is not attachable.");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_PolicyArnOfAnotherAccount_ReturnsNoSuchEntity()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("CephStyle", _mint.Token("alice")) with { PolicyArns = ["arn:aws:iam::210987654321:policy/ReadOnly"] });

        result.Error!.Code.Should().Be("NoSuchEntity");
        result.Error.Message.Should().Be("Policy arn:aws:iam::210987654321:policy/ReadOnly does not exist or is not attachable.");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_PolicyArnThatDoesNotExistAndUntrustedToken_ReturnsAccessDeniedFirst()
    {
        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("bob")) with { PolicyArns = ["arn:aws:iam::123456789012:policy/Missing"] });

        result.Error!.Code.Should().Be("AccessDenied", "trust is decided before the policies are looked up, as for AssumeRole");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_ExistingPolicyArn_SealsItIntoTheSession()
    {
        (await _iam.CreatePolicyAsync(Root, new CreatePolicyRequest("ReadOnly", ReadOnlyPolicy))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("CephStyle", _mint.Token("alice")) with { PolicyArns = ["arn:aws:iam::123456789012:policy/ReadOnly"] });

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        _sealer.Open(result.Value.Credentials.SessionToken, result.Value.Credentials.AccessKeyId).Value.PolicyArns.Should().Equal("arn:aws:iam::123456789012:policy/ReadOnly");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_WithoutValidatorConfigured_ReturnsAccessDenied()
    {
        var directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        var sts = new StsService(_sealer, directory, new PolicyEvaluatorStsDecider(directory), new InMemoryMfaDevices(), new TotpVerifier(_clock), directory, new AuthorizationMessageSealer(ring), _clock);
        var result = await sts.AssumeRoleWithWebIdentityAsync(Request("WebApp", _mint.Token("alice")));
        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_DefaultTenantRoleAndIamProvider_ReturnsSession()
    {
        (await _iam.CreateOpenIDConnectProviderAsync(DefaultRoot, new CreateOpenIDConnectProviderRequest(DefaultTenantHttpsIssuer, [ClientId]))).IsSuccess.Should().BeTrue();
        await CreateRoleAsync(DefaultRoot, "S3Access", Trust("arn:aws:iam:::oidc-provider/localhost/auth/realms/demo", "sts:AssumeRoleWithWebIdentity",
            $$$"""{"StringEquals":{"localhost/auth/realms/demo:app_id":"{{{ClientId}}}"}}"""));

        var result = await _sts.AssumeRoleWithWebIdentityAsync(Request("S3Access", _mint.Token("default-https"), account: string.Empty));

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value.AssumedRoleUser.Arn.Should().Be("arn:aws:sts:::assumed-role/S3Access/app-session");
        result.Value.Provider.Should().Be(DefaultTenantHttpsIssuer);
    }

    /// <summary>
    /// The user's reference example (Ceph with Keycloak): an http issuer with a port, which IAM's
    /// CreateOpenIDConnectProvider refuses, so the provider comes from an in-memory registration here.
    /// </summary>
    [Test]
    public async Task AssumeRoleWithWebIdentity_ReferenceExampleHttpIssuerWithPort_ReturnsSession()
    {
        await CreateRoleAsync(DefaultRoot, "S3Access", Trust(ReferenceProviderArn, "sts:AssumeRoleWithWebIdentity",
            $$$"""{"StringEquals":{"localhost:8080/auth/realms/demo:app_id":"{{{ClientId}}}","localhost:8080/auth/realms/demo:sub":"alice"}}"""));
        _validator.Dispose();
        _validator = NewValidator(new WebIdentityOptions { AllowHttpIssuers = true });
        var providers = new FixedOidcProviders(new OidcProviderList([new OidcProviderRegistration(ReferenceProviderArn, ReferenceIssuer, [ClientId], [])]));
        var sts = NewSts(new IamStsDirectory(_iam), SessionKeyRing.CreateWithNewKey(), providers);

        var result = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = "arn:aws:iam:::role/S3Access",
            RoleSessionName = "app-session",
            WebIdentityToken = _mint.Token("reference"),
        });

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value.Provider.Should().Be(ReferenceIssuer);
        result.Value.AssumedRoleUser.Arn.Should().Be("arn:aws:sts:::assumed-role/S3Access/app-session");
    }

    /// <summary>The same providers for every account.</summary>
    private sealed class FixedOidcProviders(IOidcProviderSource source) : IOidcProviderDirectory
    {
        public IOidcProviderSource ForAccount(string account) => source;
    }

    /// <summary>Sends requests under the given issuers to the local provider, whose discovery then names the requested issuer.</summary>
    private sealed class IssuerMappingHandler(IReadOnlyList<string> issuers, TestIdentityProvider provider) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.AbsoluteUri;
            var issuer = issuers.FirstOrDefault(i => url.StartsWith(i + "/", StringComparison.Ordinal))
                ?? throw new HttpRequestException($"No local provider for {url}");
            provider.DiscoveryOverride = new JsonObject { ["issuer"] = issuer, ["jwks_uri"] = issuer + "/jwks" }.ToJsonString();
            request.RequestUri = new Uri(provider.Issuer + url[issuer.Length..]);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
