using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

public sealed class IamServiceOidcTests : IamServiceTestBase
{
    private const string Thumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    private const string ProviderArn = "arn:aws:iam::123456789012:oidc-provider/idp.example.com/realms/main";

    private async Task<OidcProvider> CreateProvider() =>
        Ok(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com/realms/main", ["app", "app"], [Thumbprint], [new IamTag("env", "prod")])));

    [Test]
    public async Task CreateOpenIDConnectProvider_Valid_ReturnsArnWithHostAndPath()
    {
        var provider = await CreateProvider();

        provider.Arn.Should().Be(ProviderArn);
        provider.Url.Should().Be("idp.example.com/realms/main");
        provider.ClientIds.Should().Equal("app");
        provider.Thumbprints.Should().Equal(Thumbprint);
        var got = Ok(await Iam.GetOpenIDConnectProviderAsync(Root, new GetOpenIDConnectProviderRequest(ProviderArn)));
        got.Should().BeEquivalentTo(provider);
        Ok(await Iam.ListOpenIDConnectProvidersAsync(Root, new ListOpenIDConnectProvidersRequest())).Should().Equal(ProviderArn);
        (await Iam.GetOidcProviderByIssuerAsync(Account, "https://idp.example.com/realms/main"))!.Arn.Should().Be(ProviderArn);
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_UpperCaseHostAndTrailingSlash_FoundByTheTokensIssuer()
    {
        var created = Ok(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://IdP.Example.COM/Realms/Main/", ["app"])));

        created.Url.Should().Be("idp.example.com/Realms/Main");
        (await Iam.GetOidcProviderByIssuerAsync(Account, "https://idp.example.com/Realms/Main"))!.Arn.Should().Be(created.Arn);
        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com/Realms/Main")), "EntityAlreadyExists", 409, "Provider with url https://idp.example.com/Realms/Main already exists.");
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_Duplicate_ReturnsEntityAlreadyExists()
    {
        await CreateProvider();

        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com/realms/main")), "EntityAlreadyExists", 409, "Provider with url https://idp.example.com/realms/main already exists.");
    }

    [TestCase("http://idp.example.com")]
    [TestCase("https://idp.example.com:8443/x")]
    [TestCase("https://idp.example.com/x?y=1")]
    [TestCase("https://idp.example.com/x#f")]
    [TestCase("https://user@idp.example.com")]
    [TestCase("https:///path")]
    public async Task CreateOpenIDConnectProvider_BadUrl_ReturnsInvalidInput(string url)
    {
        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(url)), "InvalidInput", 400, "expected https://host[/path] without port, query or fragment");
    }

    [TestCase("http://localhost:8080/auth/realms/demo")]
    [TestCase("http://127.0.0.1:9000")]
    [TestCase("https://localhost:8443/realms/x")]
    [TestCase("http://[::1]:8080/x")]
    public async Task CreateOpenIDConnectProvider_LoopbackHttpOrPort_AwsDefault_ReturnsInvalidInput(string url)
    {
        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(url)), "InvalidInput", 400, "expected https://host[/path] without port, query or fragment.");
    }

    [TestCase("http://localhost:8080/auth/realms/demo", "localhost:8080/auth/realms/demo", true)]
    [TestCase("http://127.0.0.1:9000", "127.0.0.1:9000", true)]
    [TestCase("http://127.45.6.7/realms/x", "127.45.6.7/realms/x", true)]
    [TestCase("http://[::1]:8080/x", "[::1]:8080/x", true)]
    [TestCase("https://localhost:8443/realms/x", "localhost:8443/realms/x", false)]
    [TestCase("https://idp.example.com/realms/x", "idp.example.com/realms/x", false)]
    public async Task CreateOpenIDConnectProvider_LoopbackHttpAllowed_StoresHostPortAndPath(string url, string stored, bool usesHttp)
    {
        var iam = new IamService(Store, new IamServiceOptions { AllowHttpLoopbackOidcProviders = true }, Time);

        var provider = Ok(await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(url, ["customer-portal"])));

        provider.Arn.Should().Be("arn:aws:iam::123456789012:oidc-provider/" + stored);
        provider.Url.Should().Be(stored);
        provider.UsesHttp.Should().Be(usesHttp);
        Ok(await iam.GetOpenIDConnectProviderAsync(Root, new GetOpenIDConnectProviderRequest(provider.Arn))).Should().BeEquivalentTo(provider);
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_CephReferenceProviderInDefaultTenant_HasCephsArn()
    {
        var iam = new IamService(Store, new IamServiceOptions { AllowHttpLoopbackOidcProviders = true }, Time);

        var provider = Ok(await iam.CreateOpenIDConnectProviderAsync(IamPrincipal.Root(AccountId.Default), new CreateOpenIDConnectProviderRequest("http://localhost:8080/auth/realms/demo")));

        // The ARN the reference example's trust policy names (seed-sts-examples.md).
        provider.Arn.Should().Be("arn:aws:iam:::oidc-provider/localhost:8080/auth/realms/demo");
    }

    [TestCase("http://idp.example.com/realms/x")]
    [TestCase("https://idp.example.com:8443/realms/x")]
    [TestCase("http://localhost.example.com:8080/x")]
    [TestCase("http://128.0.0.1:8080/x")]
    [TestCase("http://[::2]:8080/x")]
    [TestCase("http://10.0.0.1/x")]
    [TestCase("http://localhost:8080/x?y=1")]
    [TestCase("http://user@localhost:8080/x")]
    [TestCase("ftp://localhost/x")]
    public async Task CreateOpenIDConnectProvider_LoopbackHttpAllowed_OtherHostsKeepAwsRules(string url)
    {
        var iam = new IamService(Store, new IamServiceOptions { AllowHttpLoopbackOidcProviders = true }, Time);

        Fails(await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest(url)), "InvalidInput", 400, "or http:// or a port on a loopback host");
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_ThumbprintNotHex_ReturnsInvalidInput()
    {
        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com", ThumbprintList: [new string('z', 40)])), "InvalidInput", 400, "is not 40 hexadecimal characters");
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_ThumbprintOf39Characters_ReturnsValidationError()
    {
        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com", ThumbprintList: [new string('a', 39)])), "ValidationError", 400, "at 'thumbprintList.1.member' failed to satisfy constraint: Member must have length greater than or equal to 40");
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_SixThumbprints_ReturnsInvalidInput()
    {
        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com", ThumbprintList: Enumerable.Repeat(Thumbprint, 6).ToList())), "InvalidInput", 400, "at most 5 entries");
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_101ClientIds_ReturnsLimitExceeded()
    {
        Fails(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com", Enumerable.Range(0, 101).Select(i => $"c{i}").ToList())), "LimitExceeded", 409, "ClientIdsPerOpenIdConnectProvider: 100");
    }

    [Test]
    public async Task CreateOpenIDConnectProvider_BeyondAccountQuota_ReturnsLimitExceeded()
    {
        var iam = new IamService(Store, new IamServiceOptions { MaxOidcProvidersPerAccount = 2 }, Time);
        Ok(await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://a.example.com")));
        Ok(await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://b.example.com")));

        Fails(await iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://c.example.com")), "LimitExceeded", 409, "OpenIdConnectProvidersPerAccount: 2");
    }

    [Test]
    public async Task GetOpenIDConnectProvider_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.GetOpenIDConnectProviderAsync(Root, new GetOpenIDConnectProviderRequest(ProviderArn)), "NoSuchEntity", 404, $"OpenIDConnect Provider not found for arn {ProviderArn}");
    }

    [Test]
    public async Task GetOpenIDConnectProvider_RoleArn_ReturnsInvalidInput()
    {
        Fails(await Iam.GetOpenIDConnectProviderAsync(Root, new GetOpenIDConnectProviderRequest("arn:aws:iam::123456789012:role/R")), "InvalidInput", 400, "is not valid");
    }

    [Test]
    public async Task AddAndRemoveClientId_AreIdempotent()
    {
        await CreateProvider();

        Ok(await Iam.AddClientIDToOpenIDConnectProviderAsync(Root, new AddClientIDToOpenIDConnectProviderRequest(ProviderArn, "cli")));
        Ok(await Iam.AddClientIDToOpenIDConnectProviderAsync(Root, new AddClientIDToOpenIDConnectProviderRequest(ProviderArn, "cli")));
        Ok(await Iam.RemoveClientIDFromOpenIDConnectProviderAsync(Root, new RemoveClientIDFromOpenIDConnectProviderRequest(ProviderArn, "app")));
        Ok(await Iam.RemoveClientIDFromOpenIDConnectProviderAsync(Root, new RemoveClientIDFromOpenIDConnectProviderRequest(ProviderArn, "absent")));

        Ok(await Iam.GetOpenIDConnectProviderAsync(Root, new GetOpenIDConnectProviderRequest(ProviderArn))).ClientIds.Should().Equal("cli");
    }

    [Test]
    public async Task AddClientId_MissingProvider_ReturnsNoSuchEntity()
    {
        Fails(await Iam.AddClientIDToOpenIDConnectProviderAsync(Root, new AddClientIDToOpenIDConnectProviderRequest(ProviderArn, "cli")), "NoSuchEntity", 404, "OpenIDConnect Provider not found");
    }

    [Test]
    public async Task UpdateThumbprint_ReplacesWholeList()
    {
        await CreateProvider();
        var other = new string('A', 40);

        Ok(await Iam.UpdateOpenIDConnectProviderThumbprintAsync(Root, new UpdateOpenIDConnectProviderThumbprintRequest(ProviderArn, [other])));

        Ok(await Iam.GetOpenIDConnectProviderAsync(Root, new GetOpenIDConnectProviderRequest(ProviderArn))).Thumbprints.Should().Equal(other);
    }

    [Test]
    public async Task UpdateThumbprint_SixEntries_ReturnsInvalidInput()
    {
        await CreateProvider();

        Fails(await Iam.UpdateOpenIDConnectProviderThumbprintAsync(Root, new UpdateOpenIDConnectProviderThumbprintRequest(ProviderArn, Enumerable.Repeat(Thumbprint, 6).ToList())), "InvalidInput", 400, "at most 5 entries");
    }

    [Test]
    public async Task TagUntagList_OnProvider_ReplacesValuesAndRemovesKeys()
    {
        await CreateProvider();

        Ok(await Iam.TagOpenIDConnectProviderAsync(Root, new TagOpenIDConnectProviderRequest(ProviderArn, [new IamTag("ENV", "dev"), new IamTag("team", "id")])));
        Ok(await Iam.ListOpenIDConnectProviderTagsAsync(Root, new ListOpenIDConnectProviderTagsRequest(ProviderArn))).Items.Should().Equal(new IamTag("ENV", "dev"), new IamTag("team", "id"));

        Ok(await Iam.UntagOpenIDConnectProviderAsync(Root, new UntagOpenIDConnectProviderRequest(ProviderArn, ["env"])));
        Ok(await Iam.ListOpenIDConnectProviderTagsAsync(Root, new ListOpenIDConnectProviderTagsRequest(ProviderArn))).Items.Should().Equal(new IamTag("team", "id"));
    }

    [Test]
    public async Task TagProvider_BeyondFifty_ReturnsLimitExceeded()
    {
        await CreateProvider();
        Ok(await Iam.TagOpenIDConnectProviderAsync(Root, new TagOpenIDConnectProviderRequest(ProviderArn, Enumerable.Range(0, 49).Select(i => new IamTag($"k{i}", "v")).ToList())));

        Fails(await Iam.TagOpenIDConnectProviderAsync(Root, new TagOpenIDConnectProviderRequest(ProviderArn, [new IamTag("x", "1"), new IamTag("y", "2")])), "LimitExceeded", 409, "TagsPerOpenIdConnectProvider: 50");
    }

    [Test]
    public async Task DeleteOpenIDConnectProvider_Existing_RemovesItThenNoSuchEntity()
    {
        await CreateProvider();

        Ok(await Iam.DeleteOpenIDConnectProviderAsync(Root, new DeleteOpenIDConnectProviderRequest(ProviderArn)));

        Ok(await Iam.ListOpenIDConnectProvidersAsync(Root, new ListOpenIDConnectProvidersRequest())).Should().BeEmpty();
        Fails(await Iam.DeleteOpenIDConnectProviderAsync(Root, new DeleteOpenIDConnectProviderRequest(ProviderArn)), "NoSuchEntity", 404, "OpenIDConnect Provider not found");
    }
}
