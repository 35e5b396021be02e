using System.Text.Json.Nodes;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>Each Ceph deviation of the web identity half, in AWS mode (default) and in Ceph mode.</summary>
[TestFixture]
public sealed class CephCompatibilityTests
{
    private static readonly WebIdentityOptions Aws = new();
    private static readonly WebIdentityOptions Ceph = new() { CephCompatibility = CephCompatibility.All };

    private WebIdentityTestBed _bed = null!;
    private MintResult _mint = null!;

    [OneTimeSetUp]
    public void MintTokens()
    {
        _bed = new WebIdentityTestBed();
        _mint = JoseMint.Mint(
            [new MintKey("k", "RS256")],
            [
                // Keycloak's mapper in Ceph's s3-tests sends Department = Engineering and Marketing.
                new MintToken("multi-valued-tag", "k", _bed.Claims(c => c["https://aws.amazon.com/tags"] = new JsonObject
                {
                    ["principal_tags"] = new JsonObject { ["Department"] = new JsonArray("Engineering", "Marketing") },
                })),
                new MintToken("any-audience", "k", _bed.Claims(c => c["aud"] = "account")),
            ]);
    }

    [OneTimeTearDown]
    public async Task StopProvider() => await _bed.DisposeAsync();

    [SetUp]
    public void ResetProvider() => _bed.Reset(_mint.Jwks("k"));

    [Test]
    public async Task MultiValuedSessionTag_AwsMode_ReturnsInvalidIdentityToken()
    {
        var result = await _bed.Validator(Aws).ValidateAsync(_mint.Token("multi-valued-tag"), _bed.Providers());

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Be("Session tag 'Department' has 2 values; AWS session tags have exactly one");
    }

    [Test]
    public async Task MultiValuedSessionTag_CephMode_KeepsEveryValue()
    {
        var result = await _bed.Validator(Ceph).ValidateAsync(_mint.Token("multi-valued-tag"), _bed.Providers());

        var identity = result.Value;
        identity.SessionTags.Should().ContainSingle().Which.Values.Should().Equal("Engineering", "Marketing");
        identity.ConditionKeys["aws:RequestTag/Department"].Should().Equal("Engineering", "Marketing");
        identity.ConditionKeys["aws:TagKeys"].Should().Equal("Department");
    }

    [Test]
    public async Task ProviderWithoutClientIds_AwsMode_RefusesEveryAudience()
    {
        var result = await _bed.Validator(Aws).ValidateAsync(_mint.Token("any-audience"), _bed.Providers(clientIds: []));

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().StartWith("Incorrect token audience");
    }

    [Test]
    public async Task ProviderWithoutClientIds_CephMode_AcceptsAnyAudienceAsAppId()
    {
        var result = await _bed.Validator(Ceph).ValidateAsync(_mint.Token("any-audience"), _bed.Providers(clientIds: []));

        var identity = result.Value;
        identity.Audience.Should().Be("account");
        identity.ConditionKeys[identity.ProviderName + ":app_id"].Should().Equal("account");
    }

    [Test]
    public async Task ProviderWithClientIds_CephMode_StillChecksTheAudience()
    {
        var result = await _bed.Validator(Ceph).ValidateAsync(_mint.Token("any-audience"), _bed.Providers(clientIds: ["sts-client"]));

        result.Error!.Message.Should().StartWith("Incorrect token audience");
    }
}
