using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sts.Core;
using Sts.Core.Tests.WebIdentity;
using Sts.Core.WebIdentity;

namespace Sts.Gateway.Tests;

/// <summary>AssumeRoleWithWebIdentity through the gateway, unsigned as AWS's, with npm <c>oidc-provider</c> (a certified
/// OpenID provider on an <c>http://127.0.0.1</c> issuer) as the identity provider and boto3 as the client. One gateway
/// (<c>Gateway__Oidc__AllowHttp=true</c>) and one provider serve the fixture; each test uses its own names.</summary>
[TestFixture]
public sealed class WebIdentityGatewayTests
{
    private const string RootKey = "AKIAGATEWAYTESTROOT1";
    private const string RootSecret = "gatewaytestrootsecretgatewaytestrootsecr";

    private OidcProviderProcess _provider = null!;
    private GatewayHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _provider = await OidcProviderProcess.StartAsync();
        _host = await GatewayHost.StartAsync(_ => { }, null, "--Gateway:Oidc:AllowHttp", "true");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_IssuerNotRegistered_UnsignedCallRefusedWithInvalidIdentityToken()
    {
        var token = await _provider.ClientCredentialsTokenAsync("urn:sts:rs256");

        var (exit, output, errors) = await Python.RunAsync("reference_web_identity.py", _host.Url, RootKey, RootSecret, _provider.Issuer, token, "unregistered", "u");

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["signed"]!.AsArray().Select(s => s!.GetValue<bool>()), Is.EqualTo(new[] { false }), "botocore sends AssumeRoleWithWebIdentity unsigned");
        Assert.That(result["assumeRoleWithWebIdentity"]!["code"]!.GetValue<string>(), Is.EqualTo("InvalidIdentityToken"));
        Assert.That(result["assumeRoleWithWebIdentity"]!["status"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(result["assumeRoleWithWebIdentity"]!["message"]!.GetValue<string>(), Does.Contain("No OpenIDConnect provider found").And.Contain(_provider.Issuer));
    }

    [Test]
    public void Services_AllowHttpSet_ValidatorAcceptsHttpIssuers()
    {
        var options = _host.Services.GetRequiredService<WebIdentityOptions>();

        Assert.That(options.AllowHttpIssuers, Is.True);
        Assert.That(options.CephCompatibility, Is.EqualTo(CephCompatibility.None));
    }
}
