using System.Text.Json;
using System.Text.Json.Nodes;
using Sts.Core.Tests.WebIdentity;

namespace Sts.Gateway.Tests.CephScenarios;

/// <summary>
/// Ceph's STS conformance scenarios (ceph/s3-tests <c>test_sts.py</c>, ceph-rgw.md §8) run by boto3
/// (<c>ceph_scenarios.py</c>) against one gateway per profile: AWS-exact, and <c>Gateway__Compatibility=Ceph</c>.
/// One runner walks the table <c>ceph_scenarios.json</c>: each case is a scenario in one profile, and every step the
/// script observed must have exactly the outcome the table gives (HTTP status, or <c>CODE STATUS</c>). Where the table
/// records a divergence from Ceph, the entry says why. The <c>web_identity_*</c> rows run s3-tests' webidentity and abac
/// cases through AssumeRoleWithWebIdentity, as s3-tests do: an OpenID provider on loopback (discovery and JWKS,
/// registered once per gateway through IAM) and tokens minted by npm jose.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public sealed class CephScenarioTests
{
    private const string RootKey = "AKIAGATEWAYTESTROOT1";
    private const string RootSecret = "gatewaytestrootsecretgatewaytestrootsecr";
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "CephScenarios");

    private GatewayHost? _aws;
    private GatewayHost? _ceph;
    private CephIdentityProvider? _identityProvider;
    private Dictionary<string, string> _environment = [];

    [OneTimeSetUp]
    public async Task StartGateways()
    {
        var aws = GatewayHost.StartAsync(_ => { }, null, "--Gateway:Oidc:AllowHttp", "true");
        var ceph = GatewayHost.StartAsync(_ => { }, null, "--Gateway:Compatibility", "Ceph", "--Gateway:Oidc:AllowHttp", "true");
        _aws = await aws;
        _ceph = await ceph;
        _identityProvider = new CephIdentityProvider();
        var minted = MintTokens(_identityProvider.Issuer);
        _identityProvider.Jwks = minted.Jwks("ceph-key");
        _environment = new Dictionary<string, string>
        {
            ["STS_TEST_ISSUER"] = _identityProvider.Issuer,
            ["STS_TEST_TOKENS"] = new JsonObject(minted.Tokens.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))).ToJsonString(),
        };
        foreach (var (mode, host) in new[] { ("aws", _aws), ("ceph", _ceph) })
        {
            var (exit, output, errors) = await Python.RunFileAsync(Path.Combine(Directory, "ceph_scenarios.py"), _environment, host.Url, RootKey, RootSecret, mode, "register_web_identity_provider");
            Assert.That(exit, Is.EqualTo(0), $"registering the OpenID provider ({mode}): {errors}{output}");
        }
    }

    [OneTimeTearDown]
    public async Task StopGateways()
    {
        if (_identityProvider is not null)
        {
            await _identityProvider.DisposeAsync();
        }

        if (_aws is not null)
        {
            await _aws.DisposeAsync();
        }

        if (_ceph is not null)
        {
            await _ceph.DisposeAsync();
        }
    }

    public static IEnumerable<TestCaseData> Scenarios()
    {
        foreach (var entry in JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "ceph_scenarios.json")))!.AsArray())
        {
            var name = entry!["scenario"]!.GetValue<string>();
            foreach (var (mode, expected) in entry["expect"]!.AsObject())
            {
                yield return new TestCaseData(name, mode, expected!.ToJsonString())
                    .SetName($"CephScenario_{name}_{(mode == "aws" ? "AwsProfile" : "CephProfile")}_AsTheTableSays");
            }
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task CephScenario_Run_StepsMatchTheTable(string scenario, string mode, string expectedJson)
    {
        var host = mode == "aws" ? _aws! : _ceph!;

        var (exit, output, errors) = await Python.RunFileAsync(Path.Combine(Directory, "ceph_scenarios.py"), _environment, host.Url, RootKey, RootSecret, mode, scenario);

        Assert.That(exit, Is.EqualTo(0), errors);
        var observed = JsonNode.Parse(output)!.AsObject();
        if (observed["roleArn"] is { } roleArn)
        {
            // s3-tests check every role ARN: Ceph's default tenant has an empty account field.
            Assert.That(roleArn.GetValue<string>(), Does.StartWith("arn:aws:iam:::role/R-"));
            observed.Remove("roleArn");
        }

        var expected = JsonNode.Parse(expectedJson)!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var actual = observed.ToDictionary(p => p.Key, p => Text(p.Value));
        Assert.That(actual, Is.EquivalentTo(expected), $"{scenario} ({mode}): observed {output}");
    }

    /// <summary>The tokens the web-identity rows use, as s3-tests' Keycloak issues them: subject user-1, audience and
    /// authorized party sts-app, and AWS's tags claim (Department = Engineering, Marketing, both, or no tags claim).</summary>
    private static MintResult MintTokens(string issuer)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        MintToken Token(string name, params string[] departments)
        {
            var claims = new JsonObject
            {
                ["iss"] = issuer,
                ["sub"] = "user-1",
                ["aud"] = "sts-app",
                ["azp"] = "sts-app",
                ["iat"] = now,
                ["exp"] = now + 3600,
            };
            if (departments.Length > 0)
            {
                claims["https://aws.amazon.com/tags"] = new JsonObject
                {
                    ["principal_tags"] = new JsonObject { ["Department"] = new JsonArray(departments.Select(d => (JsonNode?)d).ToArray()) },
                };
            }

            return new MintToken(name, "ceph-key", claims);
        }

        return JoseMint.Mint(
            [new MintKey("ceph-key", "RS256")],
            [Token("untagged"), Token("engineering", "Engineering"), Token("marketing", "Marketing"), Token("both", "Engineering", "Marketing")]);
    }

    private static string Text(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => value?.ToJsonString() ?? "null",
    };
}
