using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

[TestFixture]
public sealed class OidcIssuerTests
{
    [TestCase("https://token.actions.githubusercontent.com", "token.actions.githubusercontent.com")]
    [TestCase("https://oidc.eks.us-east-1.amazonaws.com/id/ABC123", "oidc.eks.us-east-1.amazonaws.com/id/ABC123")]
    [TestCase("https://Example.COM/Realms/Demo/", "example.com/Realms/Demo")]
    [TestCase("http://localhost:8080/auth/realms/demo", "localhost:8080/auth/realms/demo")]
    [TestCase("HTTPS://tenant.auth0.com/", "tenant.auth0.com")]
    [TestCase("accounts.google.com", "accounts.google.com")]
    public void Normalize_Issuer_StripsSchemeAndTrailingSlashAndLowersHost(string issuer, string expected)
    {
        OidcIssuer.Normalize(issuer).Should().Be(expected);
    }

    [TestCase("https://a.example", "https")]
    [TestCase("HTTP://a.example", "http")]
    [TestCase("a.example", "")]
    public void Scheme_Issuer_IsLowerCaseSchemeOrEmpty(string issuer, string expected)
    {
        OidcIssuer.Scheme(issuer).Should().Be(expected);
    }

    [Test]
    public async Task OidcProviderList_FindByIssuer_UsesTheNormalizedName()
    {
        var registration = new OidcProviderRegistration("arn:aws:iam::123456789012:oidc-provider/example.com/x", "https://Example.com/x/", ["c"], []);
        var list = new OidcProviderList([registration]);

        (await list.FindByIssuerAsync("example.com/x", CancellationToken.None)).Should().BeSameAs(registration);
        (await list.FindByIssuerAsync("example.com/X", CancellationToken.None)).Should().BeNull("the path keeps its case");
    }

    [Test]
    public void OidcProviderList_TwoRegistrationsForOneIssuer_Throws()
    {
        var create = () => new OidcProviderList([
            new OidcProviderRegistration("arn:1", "https://example.com/x", [], []),
            new OidcProviderRegistration("arn:2", "https://EXAMPLE.com/x/", [], []),
        ]);

        create.Should().Throw<ArgumentException>();
    }
}
