using System.Buffers.Text;
using System.Text;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// Discovery and JWKS caching against a live TLS provider on 127.0.0.1 with a fake clock: refresh
/// schedule, unknown-kid throttling (counted at the HTTP handler), rotation, outages and limits.
/// </summary>
[TestFixture]
public sealed class WebIdentityKeyCacheTests
{
    private static readonly WebIdentityOptions Options = new();

    private WebIdentityTestBed _bed = null!;
    private MintResult _mint = null!;

    [OneTimeSetUp]
    public void MintTokens()
    {
        _bed = new WebIdentityTestBed();
        // Valid three days, so the clock can move through refresh intervals and grace periods.
        var longLived = _bed.Claims(c => c["exp"] = WebIdentityTestBed.Now + (3 * 86_400));
        _mint = JoseMint.Mint(
            [new MintKey("k1", "RS256"), new MintKey("k2", "ES256")],
            [new MintToken("t1", "k1", longLived), new MintToken("t2", "k2", longLived)]);
    }

    [OneTimeTearDown]
    public async Task StopProvider() => await _bed.DisposeAsync();

    [SetUp]
    public void ResetProvider() => _bed.Reset(_mint.Jwks("k1"));

    private Task<StsResult<ValidatedWebIdentity>> Validate(WebIdentityTokenValidator validator, string name) =>
        validator.ValidateAsync(_mint.Token(name), _bed.Providers()).AsTask();

    /// <summary>A well-formed token naming a kid the provider never had (its signature is never reached).</summary>
    private string UnknownKidToken(int i)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"RS256","kid":"unknown-{{i}}"}"""));
        return header + "." + _mint.Token("t1").Split('.')[1] + ".c2lnbmF0dXJl";
    }

    [Test]
    public async Task Keys_WarmCache_SecondValidationMakesNoRequest()
    {
        var validator = _bed.Validator();

        (await Validate(validator, "t1")).Error.Should().BeNull();
        _bed.Time.Advance(Options.KeyRefreshInterval - TimeSpan.FromSeconds(1));
        (await Validate(validator, "t1")).Error.Should().BeNull();

        _bed.Handler!.JwksRequests.Should().Be(1);
        _bed.Handler.TotalRequests.Should().Be(2, "one discovery and one JWKS request");
    }

    [Test]
    public async Task Keys_AfterRefreshInterval_AreFetchedAgain()
    {
        var validator = _bed.Validator();

        await Validate(validator, "t1");
        _bed.Time.Advance(Options.KeyRefreshInterval);
        (await Validate(validator, "t1")).Error.Should().BeNull();

        _bed.Handler!.JwksRequests.Should().Be(2);
    }

    [Test]
    public async Task Keys_UnknownKidBurstOf10000_AtMostOneFetchPerInterval()
    {
        var validator = _bed.Validator();
        var providers = _bed.Providers();
        (await Validate(validator, "t1")).Error.Should().BeNull();

        // Same interval as the initial fetch: no fetch at all.
        for (var i = 0; i < 10_000; i++)
        {
            var result = await validator.ValidateAsync(UnknownKidToken(i), providers);
            result.Error!.Message.Should().Contain("no key with kid");
        }

        _bed.Handler!.JwksRequests.Should().Be(1);

        // Next interval, 10,000 concurrent: one fetch shared by all.
        _bed.Time.Advance(Options.MinimumUnknownKeyRefreshInterval);
        var burst = await Task.WhenAll(Enumerable.Range(10_000, 10_000).Select(i => Task.Run(() => validator.ValidateAsync(UnknownKidToken(i), providers).AsTask())));
        burst.Should().OnlyContain(r => r.Error!.Code == "InvalidIdentityToken");
        _bed.Handler.JwksRequests.Should().Be(2);

        // Next interval, 10,000 sequential: one more.
        _bed.Time.Advance(Options.MinimumUnknownKeyRefreshInterval);
        for (var i = 20_000; i < 30_000; i++)
        {
            await validator.ValidateAsync(UnknownKidToken(i), providers);
        }

        _bed.Handler.JwksRequests.Should().Be(3);
        (await Validate(validator, "t1")).Error.Should().BeNull("the known key keeps working throughout");
    }

    [Test]
    public async Task Keys_RotatedAtProvider_NewKidPickedUpOldDroppedWhenProviderDropsIt()
    {
        var validator = _bed.Validator();
        (await Validate(validator, "t1")).Error.Should().BeNull();

        _bed.Provider.Jwks = _mint.Jwks("k1", "k2");
        _bed.Time.Advance(Options.MinimumUnknownKeyRefreshInterval);
        (await Validate(validator, "t2")).Error.Should().BeNull("the unknown kid k2 triggers a refresh");
        (await Validate(validator, "t1")).Error.Should().BeNull();

        _bed.Provider.Jwks = _mint.Jwks("k2");
        _bed.Time.Advance(Options.KeyRefreshInterval);
        var dropped = await Validate(validator, "t1");
        (await Validate(validator, "t2")).Error.Should().BeNull();

        dropped.Error!.Code.Should().Be("InvalidIdentityToken");
        dropped.Error.Message.Should().Contain("no key with kid 'k1'");
        _bed.Handler!.JwksRequests.Should().Be(3);
    }

    [Test]
    public async Task Keys_DroppedKeyRefreshedByAnUnknownKid_IsDroppedAtOnce()
    {
        var validator = _bed.Validator();
        await Validate(validator, "t1");

        _bed.Provider.Jwks = _mint.Jwks("k2");
        _bed.Time.Advance(Options.MinimumUnknownKeyRefreshInterval);
        (await Validate(validator, "t2")).Error.Should().BeNull();
        var dropped = await Validate(validator, "t1");

        dropped.Error!.Message.Should().Contain("no key with kid 'k1'");
    }

    [Test]
    public async Task Keys_ProviderDownWithCachedKeys_LastGoodKeysServeUntilTheGracePeriodEnds()
    {
        var validator = _bed.Validator();
        await Validate(validator, "t1");
        _bed.Provider.Down = true;

        _bed.Time.Advance(Options.KeyRefreshInterval + TimeSpan.FromMinutes(1));
        var duringOutage = await Validate(validator, "t1");
        _bed.Time.Advance(Options.LastGoodKeysGracePeriod);
        var afterGrace = await Validate(validator, "t1");

        duringOutage.Error.Should().BeNull();
        afterGrace.Error!.Code.Should().Be("IDPCommunicationError");
        afterGrace.Error.Message.Should().Contain("answered HTTP 503");
    }

    [Test]
    public async Task Keys_ProviderDownWithoutCachedKeys_ReturnsIdpCommunicationErrorAndThrottlesRetries()
    {
        var validator = _bed.Validator();
        _bed.Provider.Down = true;

        var first = await Validate(validator, "t1");
        var second = await Validate(validator, "t1");
        var requestsAfterTwo = _bed.Handler!.TotalRequests;
        _bed.Provider.Down = false;
        _bed.Time.Advance(Options.MinimumUnknownKeyRefreshInterval);
        var recovered = await Validate(validator, "t1");

        first.Error!.Code.Should().Be("IDPCommunicationError");
        first.Error.Message.Should().Be("Couldn't retrieve verification keys from your identity provider: "
            + _bed.Issuer + "/.well-known/openid-configuration answered HTTP 503");
        second.Error!.Code.Should().Be("IDPCommunicationError");
        requestsAfterTwo.Should().Be(1, "a failed fetch is not retried within the minimum interval");
        recovered.Error.Should().BeNull();
    }

    [Test]
    public async Task Keys_ProviderNeverAnswers_TimesOutOnTheInjectedClock()
    {
        using var stall = new ManualResetEventSlim(false);
        _bed.Provider.Stall = stall;
        try
        {
            var validator = _bed.Validator();
            var pending = Validate(validator, "t1");
            await Task.Delay(200);
            pending.IsCompleted.Should().BeFalse("the provider has not answered and the fake clock has not moved");

            _bed.Time.Advance(Options.HttpTimeout);
            var result = await pending.WaitAsync(TimeSpan.FromSeconds(20));

            result.Error!.Code.Should().Be("IDPCommunicationError");
            result.Error.Message.Should().Contain("did not answer in time");
        }
        finally
        {
            _bed.Provider.Stall = null;
            stall.Set();
        }
    }

    [Test]
    public async Task Keys_ProviderUnreachable_ReturnsIdpCommunicationError()
    {
        var validator = _bed.Validator();
        var closedPort = new OidcProviderList([new OidcProviderRegistration(
            "arn:aws:iam::123456789012:oidc-provider/127.0.0.1:1/realms/sts", "https://127.0.0.1:1/realms/sts", ["sts-client"], [])]);
        var mint = JoseMint.Mint([new MintKey("k", "RS256")], [new MintToken("t", "k", WebIdentityTestBed.ClaimsFor("https://127.0.0.1:1/realms/sts"))]);

        var result = await validator.ValidateAsync(mint.Token("t"), closedPort);

        result.Error!.Code.Should().Be("IDPCommunicationError");
        result.Error.Message.Should().Contain("could not be reached");
    }

    [TestCase(true, TestName = "Keys_JwksLargerThanTheCapByContentLength_ReturnsIdpCommunicationError")]
    [TestCase(false, TestName = "Keys_JwksLargerThanTheCapWhileStreaming_ReturnsIdpCommunicationError")]
    public async Task Keys_JwksLargerThanTheCap_ReturnsIdpCommunicationError(bool contentLength)
    {
        _bed.Provider.SendContentLength = contentLength;
        _bed.Provider.Jwks = "{\"keys\":[],\"padding\":\"" + new string('x', 4096) + "\"}";
        var validator = _bed.Validator(new WebIdentityOptions { MaxResponseBytes = 2048 });

        var result = await Validate(validator, "t1");

        result.Error!.Code.Should().Be("IDPCommunicationError");
        result.Error.Message.Should().Contain("more than the 2048 bytes allowed")
            .And.Contain(contentLength ? "announced" : "sent more than");
    }

    [Test]
    public async Task Keys_DiscoveryDocumentNotJson_ReturnsIdpCommunicationError()
    {
        _bed.Provider.DiscoveryOverride = "<html>login</html>";
        var validator = _bed.Validator();

        var result = await Validate(validator, "t1");

        result.Error!.Code.Should().Be("IDPCommunicationError");
        result.Error.Message.Should().Contain("not valid JSON");
    }

    [Test]
    public async Task Keys_DiscoveryWithoutJwksUri_ReturnsIdpCommunicationError()
    {
        _bed.Provider.DiscoveryOverride = $$"""{"issuer":"{{_bed.Issuer}}"}""";
        var validator = _bed.Validator();

        var result = await Validate(validator, "t1");

        result.Error!.Code.Should().Be("IDPCommunicationError");
        result.Error.Message.Should().Contain("no jwks_uri");
    }

    [Test]
    public async Task Keys_SeparateValidators_HaveSeparateCaches()
    {
        await Validate(_bed.Validator(), "t1");
        var first = _bed.Handler!;
        await Validate(_bed.Validator(), "t1");

        first.JwksRequests.Should().Be(1);
        _bed.Handler!.JwksRequests.Should().Be(1);
    }
}
