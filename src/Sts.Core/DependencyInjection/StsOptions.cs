using Sts.Core.Iam;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;
using Sts.SigV4;

namespace Sts.Core.DependencyInjection;

/// <summary>
/// Settings of <see cref="StsServiceCollectionExtensions.AddSts"/>. Set in the configure callback (or bound from
/// configuration); validated once, when the host starts (<c>ValidateOnStart</c>) or else when the first Sts service
/// is resolved, with an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> listing every wrong setting.
/// </summary>
public sealed class StsOptions
{
    /// <summary>Where IAM data lives. Default <see cref="StsStoreKind.InMemory"/>.</summary>
    public StsStoreKind Store { get; set; } = StsStoreKind.InMemory;

    /// <summary>The SQLite database file (created when missing). Required with <see cref="StsStoreKind.Sqlite"/>, unused otherwise.</summary>
    public string? SqliteDatabasePath { get; set; }

    /// <summary>
    /// The 32-byte key that encrypts stored secrets at rest. Required with <see cref="StsStoreKind.Sqlite"/>, unused
    /// otherwise. Keep it outside the database.
    /// </summary>
    public byte[]? SqliteSecretKey { get; set; }

    /// <summary>
    /// The session key ring configuration (the format of <see cref="SessionKeyRing.Load"/>). At most one of this and
    /// <see cref="KeyRingFile"/>. With neither, a fresh random ring is made at start: sessions then end with the
    /// process, which suits tests and single-process in-memory hosts only (refused with <see cref="StsStoreKind.Sqlite"/>).
    /// </summary>
    public byte[]? KeyRing { get; set; }

    /// <summary>A file holding the session key ring configuration; read once, at start. At most one of this and <see cref="KeyRing"/>.</summary>
    public string? KeyRingFile { get; set; }

    /// <summary>IAM quotas and cache. Default: AWS's quotas.</summary>
    public IamServiceOptions Iam { get; set; } = new();

    /// <summary>
    /// The Ceph deviations of STS's trust and permission decisions (<see cref="PolicyEvaluatorStsDecider"/>: Ceph's
    /// session ARN forms, Principal in identity policies ignored). Default <see cref="CephCompatibility.None"/>: AWS's
    /// rules. A Ceph-compatible host usually sets the same flags in <see cref="IamServiceOptions.CephCompatibility"/> and
    /// <see cref="WebIdentityOptions.CephCompatibility"/>.
    /// </summary>
    public CephCompatibility DeciderCephCompatibility { get; set; }

    /// <summary>Validation of <c>AssumeRoleWithWebIdentity</c> tokens. Default: AWS's behaviour.</summary>
    public WebIdentityOptions WebIdentity { get; set; } = new();

    /// <summary>
    /// The client that fetches OIDC discovery and JWKS documents, made per validator. Null (the default): the validator
    /// makes its own, which validates TLS against the platform roots and records the JWKS endpoint's certificate chain
    /// for thumbprint checks. With <c>IHttpClientFactory</c>: <c>o.OidcHttpClient = sp =&gt;
    /// sp.GetRequiredService&lt;IHttpClientFactory&gt;().CreateClient("oidc")</c>. A supplied client is not disposed by
    /// Sts, and the TLS-chain thumbprint rule never matches through it (the <c>x5c</c> rule still does). At most one of
    /// this and <see cref="OidcHttpMessageHandler"/>.
    /// </summary>
    public Func<IServiceProvider, HttpClient>? OidcHttpClient { get; set; }

    /// <summary>
    /// A handler for the OIDC client (a proxy, a test double, a primary handler from a handler factory); Sts wraps it in
    /// its own <see cref="HttpClient"/>, disposed with the container. Same TLS-chain caveat as <see cref="OidcHttpClient"/>.
    /// At most one of this and <see cref="OidcHttpClient"/>.
    /// </summary>
    public Func<IServiceProvider, HttpMessageHandler>? OidcHttpMessageHandler { get; set; }

    /// <summary>SigV4 verification settings (regions, clock skew, limits). Default: the verifier's defaults.</summary>
    public SigV4VerifierOptions SigV4 { get; set; } = new();
}
