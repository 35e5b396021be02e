using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

[TestFixture]
public sealed class WebIdentityOptionsTests
{
    [Test]
    public void Defaults_AreTheDocumentedAwsLikeValues()
    {
        var options = new WebIdentityOptions();

        options.AllowHttpIssuers.Should().BeFalse();
        options.ClockLeeway.Should().Be(TimeSpan.FromMinutes(5));
        options.KeyRefreshInterval.Should().Be(TimeSpan.FromHours(1));
        options.MinimumUnknownKeyRefreshInterval.Should().Be(TimeSpan.FromMinutes(5));
        options.LastGoodKeysGracePeriod.Should().Be(TimeSpan.FromHours(6));
        options.HttpTimeout.Should().Be(TimeSpan.FromSeconds(10));
        options.MaxResponseBytes.Should().Be(512 * 1024);
        options.MaxTokenLength.Should().Be(20_000);
        options.CephCompatibility.Should().Be(CephCompatibility.None);
        options.Invoking(o => o.Validate()).Should().NotThrow();
    }

    private static IEnumerable<TestCaseData> OutOfRange()
    {
        yield return new TestCaseData(new WebIdentityOptions { ClockLeeway = TimeSpan.FromSeconds(-1) }, "ClockLeeway").SetName("Validate_NegativeLeeway_Throws");
        yield return new TestCaseData(new WebIdentityOptions { KeyRefreshInterval = TimeSpan.Zero }, "KeyRefreshInterval").SetName("Validate_ZeroRefreshInterval_Throws");
        yield return new TestCaseData(new WebIdentityOptions { MinimumUnknownKeyRefreshInterval = TimeSpan.FromHours(2) }, "MinimumUnknownKeyRefreshInterval").SetName("Validate_MinimumIntervalAboveRefreshInterval_Throws");
        yield return new TestCaseData(new WebIdentityOptions { LastGoodKeysGracePeriod = TimeSpan.FromDays(8) }, "LastGoodKeysGracePeriod").SetName("Validate_GraceAboveSevenDays_Throws");
        yield return new TestCaseData(new WebIdentityOptions { HttpTimeout = TimeSpan.FromMilliseconds(10) }, "HttpTimeout").SetName("Validate_TinyHttpTimeout_Throws");
        yield return new TestCaseData(new WebIdentityOptions { MaxResponseBytes = 100 }, "MaxResponseBytes").SetName("Validate_TinyResponseCap_Throws");
        yield return new TestCaseData(new WebIdentityOptions { MaxTokenLength = 20_001 }, "MaxTokenLength").SetName("Validate_TokenLengthAboveAws_Throws");
        yield return new TestCaseData(new WebIdentityOptions { CephCompatibility = (CephCompatibility)16 }, "CephCompatibility").SetName("Validate_UnknownCephFlag_Throws");
    }

    [TestCaseSource(nameof(OutOfRange))]
    public void Validate_SettingOutOfRange_ThrowsNamingIt(WebIdentityOptions options, string name)
    {
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Test]
    public void Constructor_InvalidOptions_Throws()
    {
        var create = () => new WebIdentityTokenValidator(new WebIdentityOptions { MaxResponseBytes = 1 });

        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
