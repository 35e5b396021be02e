using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Core.Stores;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tests.WebIdentity;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// Ceph's reference set-up end to end: an identity provider served over plain http on a loopback port (npm
/// <c>oidc-provider</c>, a certified OpenID provider, on 127.0.0.1), registered through
/// <see cref="IamService.CreateOpenIDConnectProviderAsync"/> under <see cref="IamServiceOptions.AllowHttpLoopbackOidcProviders"/>,
/// then AssumeRoleWithWebIdentity with one of its tokens. The validator runs with its default options (its own
/// HttpClient, <see cref="WebIdentityOptions.AllowHttpIssuers"/> off): the IAM option alone lets the http issuer in.
/// </summary>
[TestFixture]
public sealed class AssumeRoleWithWebIdentityLoopbackTests
{
    private const string AccountNumber = "123456789012";
    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private OidcProviderProcess _provider = null!;
    private string _token = null!;
    private FakeTimeProvider _clock = null!;
    private IIamStore _store = null!;

    [OneTimeSetUp]
    public async Task StartProvider()
    {
        _ = NodeTools.Directory;
        _provider = await OidcProviderProcess.StartAsync();
        _token = await _provider.ClientCredentialsTokenAsync("urn:sts:rs256");
    }

    [OneTimeTearDown]
    public async Task StopProvider() => await _provider.DisposeAsync();

    [SetUp]
    public void CreateStore()
    {
        // The provider stamps iat with the real time; the fake clock starts one second later.
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(_token.Split('.')[1]));
        _clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(payload.RootElement.GetProperty("iat").GetInt64() + 1));
        _store = new InMemoryIamStore();
    }

    private string ProviderName => OidcIssuer.Normalize(_provider.Issuer);

    private string ProviderArn => $"arn:aws:iam::{AccountNumber}:oidc-provider/{ProviderName}";

    private (IamService Iam, StsService Sts, WebIdentityTokenValidator Validator) Services(bool allowHttpLoopback)
    {
        var iam = new IamService(_store, new IamServiceOptions { AllowHttpLoopbackOidcProviders = allowHttpLoopback }, _clock);
        var directory = new IamStsDirectory(iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        var validator = new WebIdentityTokenValidator(new WebIdentityOptions(), _clock);
        var sts = new StsService(new SessionTokenSealer(ring, _clock), directory, new PolicyEvaluatorStsDecider(directory), new InMemoryMfaDevices(),
            new TotpVerifier(_clock), directory, new AuthorizationMessageSealer(ring), _clock, webIdentity: validator, oidcProviders: new IamOidcProviderDirectory(iam));
        return (iam, sts, validator);
    }

    private async Task RegisterProviderAndRoleAsync(IamService iam)
    {
        var created = await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(_provider.Issuer, [OidcProviderProcess.ClientId]));
        created.IsSuccess.Should().BeTrue(created.Error?.ToString());
        created.Value.Arn.Should().Be(ProviderArn);
        var trust = $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{{{ProviderArn}}}}"},
             "Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession","sts:SetSourceIdentity"],
             "Condition":{"StringEquals":{"{{{{ProviderName}}}}:app_id":"{{{{OidcProviderProcess.ClientId}}}}","aws:RequestTag/Department":"Engineering"}}}]}
            """;
        var role = await iam.CreateRoleAsync(Root, new CreateRoleRequest("S3Access", trust));
        role.IsSuccess.Should().BeTrue(role.Error?.ToString());
    }

    private static AssumeRoleWithWebIdentityRequest Request(string token) => new()
    {
        RoleArn = $"arn:aws:iam::{AccountNumber}:role/S3Access",
        RoleSessionName = "Bob",
        WebIdentityToken = token,
    };

    [Test]
    public async Task AssumeRoleWithWebIdentity_HttpLoopbackProviderRegisteredThroughIam_ReturnsSession()
    {
        var (iam, sts, validator) = Services(allowHttpLoopback: true);
        using var disposeValidator = validator;
        _provider.Issuer.Should().StartWith("http://127.0.0.1:");
        await RegisterProviderAndRoleAsync(iam);

        var result = await sts.AssumeRoleWithWebIdentityAsync(Request(_token));

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value.Provider.Should().Be(_provider.Issuer);
        result.Value.Audience.Should().Be(OidcProviderProcess.ClientId);
        result.Value.SubjectFromWebIdentityToken.Should().Be(OidcProviderProcess.ClientId);
        result.Value.AssumedRoleUser.Arn.Should().Be($"arn:aws:sts::{AccountNumber}:assumed-role/S3Access/Bob");
        result.Value.SourceIdentity.Should().Be("alice@example.com");
        result.Value.Session.Tags.Should().Equal(new SessionTag("Department", "Engineering"), new SessionTag("Project", "Sts"));
        validator.FetchCount.Should().Be(1);
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_HttpLoopbackProvider_AwsDefault_ReturnsInvalidInput()
    {
        var (iam, _, validator) = Services(allowHttpLoopback: false);
        using var disposeValidator = validator;

        var result = await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(_provider.Issuer, [OidcProviderProcess.ClientId]));

        result.Error!.Code.Should().Be("InvalidInput");
        result.Error.Message.Should().Contain("expected https://host[/path] without port, query or fragment.");
    }

    [Test]
    public async Task AssumeRoleWithWebIdentity_HttpProviderAfterTheOptionIsTurnedOff_ReturnsInvalidIdentityTokenWithoutFetching()
    {
        var (registrar, _, registrarValidator) = Services(allowHttpLoopback: true);
        registrarValidator.Dispose();
        await RegisterProviderAndRoleAsync(registrar);
        var (_, sts, validator) = Services(allowHttpLoopback: false);
        using var disposeValidator = validator;

        var result = await sts.AssumeRoleWithWebIdentityAsync(Request(_token));

        result.Error!.Code.Should().Be("InvalidIdentityToken");
        result.Error.Message.Should().Contain("does not use https://");
        validator.FetchCount.Should().Be(0);
    }
}
