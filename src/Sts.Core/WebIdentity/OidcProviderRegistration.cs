namespace Sts.Core.WebIdentity;

/// <summary>
/// What the validator needs to know about one OIDC provider registered in an account
/// (CreateOpenIDConnectProvider): its ARN, issuer URL, client ids and thumbprints.
/// </summary>
/// <param name="Arn">The provider ARN, e.g. <c>arn:aws:iam::123456789012:oidc-provider/example.com/realms/x</c>.</param>
/// <param name="Url">The issuer URL as registered, with its scheme (<c>https://example.com/realms/x</c>).</param>
/// <param name="ClientIds">The provider's ClientIDList; an empty list accepts no audience unless the Ceph profile says otherwise.</param>
/// <param name="Thumbprints">The provider's ThumbprintList: 40-hex SHA-1 thumbprints, compared case-insensitively. Empty: no pinning.</param>
public sealed record OidcProviderRegistration(
    string Arn,
    string Url,
    IReadOnlyList<string> ClientIds,
    IReadOnlyList<string> Thumbprints)
{
    /// <summary>
    /// Whether the source vouches for an <c>http://</c> <see cref="Url"/> on a loopback host: the IAM directory sets it
    /// for providers registered under <c>IamServiceOptions.AllowHttpLoopbackOidcProviders</c> while that option is on.
    /// The validator then accepts the issuer and fetches its discovery and JWKS documents over http, from loopback
    /// hosts only. Default false; <see cref="WebIdentityOptions.AllowHttpIssuers"/> allows http for every registration.
    /// </summary>
    public bool HttpLoopbackAllowed { get; init; }

    /// <summary>The issuer without scheme and trailing slash, host lower-cased: the lookup key and condition-key prefix.</summary>
    public string Name { get; } = OidcIssuer.Normalize(Url);
}
