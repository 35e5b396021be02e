using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>An OpenID Connect identity provider trusted by the account.</summary>
/// <param name="Arn">The ARN, <c>arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH</c>.</param>
/// <param name="Url">The issuer URL without its scheme, as AWS returns it (<c>host/path</c>; <c>host:port/path</c> for loopback providers).</param>
/// <param name="ClientIds">The audiences (client ids) accepted in tokens.</param>
/// <param name="Thumbprints">The 40-hex-character SHA-1 thumbprints of the issuer's CA certificates.</param>
/// <param name="CreateDate">When the provider was created.</param>
/// <param name="Tags">The tags.</param>
/// <param name="UsesHttp">
/// True for an <c>http://</c> provider on a loopback host, registered under <see cref="IamServiceOptions.AllowHttpLoopbackOidcProviders"/>;
/// false (AWS's only kind) for <c>https://</c>.
/// </param>
public sealed record OidcProvider(
    string Arn,
    string Url,
    ImmutableArray<string> ClientIds,
    ImmutableArray<string> Thumbprints,
    DateTimeOffset CreateDate,
    ImmutableArray<IamTag> Tags,
    bool UsesHttp = false);
