namespace Sts.Core.WebIdentity;

/// <summary>
/// Settings of <see cref="WebIdentityTokenValidator"/>. Every default is chosen to behave as AWS does
/// (or, where AWS does not document a figure, as the IdentityModel libraries do) and is stated on
/// the property. Validated once by the validator's constructor.
/// </summary>
public sealed class WebIdentityOptions
{
    /// <summary>The largest token AWS accepts (<c>clientTokenType</c>, max 20,000 characters).</summary>
    public const int AwsMaxTokenLength = 20_000;

    /// <summary>
    /// Whether every issuer (and its discovery and JWKS documents) may use <c>http://</c>, on any host. Default
    /// <see langword="false"/>: AWS only registers <c>https://</c> providers. Hosts whose providers come from
    /// <c>IamService</c> leave this off and set <c>IamServiceOptions.AllowHttpLoopbackOidcProviders</c> instead, which
    /// admits <c>http://</c> providers on loopback hosts only (Ceph's <c>http://localhost:8080/...</c> Keycloak realm)
    /// and vouches for them through <see cref="OidcProviderRegistration.HttpLoopbackAllowed"/>. This switch is for
    /// custom <see cref="IOidcProviderSource"/> implementations and test rigs.
    /// </summary>
    public bool AllowHttpIssuers { get; init; }

    /// <summary>
    /// Tolerance applied to <c>exp</c>, <c>nbf</c> and <c>iat</c> for clock differences between the
    /// identity provider and this service. Default 5 minutes (IdentityModel's default; AWS does not
    /// document its figure). Between zero and one hour.
    /// </summary>
    public TimeSpan ClockLeeway { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a provider's discovery document and key set are used before they are fetched again.
    /// Default 1 hour. Between 1 second and 1 day.
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The least time between two fetches caused by tokens whose <c>kid</c> is not in the cached key
    /// set, or by retries after a failed fetch: a flood of unknown kids makes at most one fetch per
    /// interval and provider. Default 5 minutes (IdentityModel's <c>RefreshInterval</c>). Between
    /// zero and <see cref="KeyRefreshInterval"/>.
    /// </summary>
    public TimeSpan MinimumUnknownKeyRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long past <see cref="KeyRefreshInterval"/> the last good key set stays usable while the
    /// provider cannot be reached. After that, tokens fail with <c>IDPCommunicationError</c>.
    /// Default 6 hours. Between zero and 7 days.
    /// </summary>
    public TimeSpan LastGoodKeysGracePeriod { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Time allowed for one discovery or JWKS request. Default 10 seconds. Between 100 ms and 2 minutes.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest discovery or JWKS response body read, in bytes. Default 512 KiB. Between 1 KiB and 16 MiB.</summary>
    public int MaxResponseBytes { get; init; } = 512 * 1024;

    /// <summary>
    /// Longest token accepted, in characters; longer tokens are refused with <c>ValidationError</c>
    /// before any parsing. Default (and maximum) 20,000, AWS's limit.
    /// </summary>
    public int MaxTokenLength { get; init; } = AwsMaxTokenLength;

    /// <summary>The Ceph deviations to apply. Default <see cref="CephCompatibility.None"/>.</summary>
    public CephCompatibility CephCompatibility { get; init; }

    /// <summary>Throws when a setting is outside its documented range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public void Validate()
    {
        InRange(ClockLeeway, TimeSpan.Zero, TimeSpan.FromHours(1), nameof(ClockLeeway));
        InRange(KeyRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(KeyRefreshInterval));
        InRange(MinimumUnknownKeyRefreshInterval, TimeSpan.Zero, KeyRefreshInterval, nameof(MinimumUnknownKeyRefreshInterval));
        InRange(LastGoodKeysGracePeriod, TimeSpan.Zero, TimeSpan.FromDays(7), nameof(LastGoodKeysGracePeriod));
        InRange(HttpTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2), nameof(HttpTimeout));
        if (MaxResponseBytes is < 1024 or > 16 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "Must be between 1 KiB and 16 MiB.");
        }

        if (MaxTokenLength is < 4 or > AwsMaxTokenLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTokenLength), MaxTokenLength, "Must be between 4 and 20,000.");
        }

        if ((CephCompatibility & ~CephCompatibility.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CephCompatibility), CephCompatibility, "Unknown flag.");
        }
    }

    private static void InRange(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be between {min} and {max}.");
        }
    }
}
