using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sts.Core;
using Sts.Core.DependencyInjection;
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
    public async Task AssumeRoleWithWebIdentity_ReferenceFlowWithOidcProvider_TemporaryCredentialsWorkOnS3()
    {
        var token = await _provider.ClientCredentialsTokenAsync("urn:sts:rs256");
        var providerName = _provider.Issuer["http://".Length..];

        var (exit, output, errors) = await Python.RunAsync("reference_web_identity.py", _host.Url, RootKey, RootSecret, _provider.Issuer, token, "flow", "f");

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["providerArn"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::oidc-provider/" + providerName));
        Assert.That(result["signed"]!.AsArray().Select(s => s!.GetValue<bool>()), Is.EqualTo(new[] { false }), "botocore sends AssumeRoleWithWebIdentity unsigned");
        Assert.That(result["assumeRoleWithWebIdentity"], Is.Null, output);
        Assert.That(result["assumedRoleArn"]!.GetValue<string>(), Is.EqualTo("arn:aws:sts:::assumed-role/fS3Access/Bob"));
        Assert.That(result["subject"]!.GetValue<string>(), Is.EqualTo(OidcProviderProcess.ClientId));
        Assert.That(result["audience"]!.GetValue<string>(), Is.EqualTo(OidcProviderProcess.ClientId));
        Assert.That(result["provider"]!.GetValue<string>(), Is.EqualTo(_provider.Issuer));
        Assert.That(result["accessKeyPrefix"]!.GetValue<string>(), Is.EqualTo("ASIA"));
        Assert.That(result["createBucketStatus"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(result["object"]!.GetValue<string>(), Is.EqualTo("from a web identity"));
        Assert.That(result["buckets"]!.AsArray().Select(b => b!.GetValue<string>()), Does.Contain("fmy-bucket"));
        Assert.That(result["identity"]!.GetValue<string>(), Is.EqualTo("arn:aws:sts:::assumed-role/fS3Access/Bob"));
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
        var options = _host.Services.GetRequiredService<IOptions<StsOptions>>().Value.WebIdentity;

        Assert.That(options.AllowHttpIssuers, Is.True);
        Assert.That(options.CephCompatibility, Is.EqualTo(CephCompatibility.None));
    }
}
