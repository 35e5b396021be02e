using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>An OpenID Connect identity provider trusted by the account.</summary>
/// <param name="Arn">The ARN, <c>arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH</c>.</param>
/// <param name="Url">The issuer URL without its <c>https://</c> scheme, as AWS returns it.</param>
/// <param name="ClientIds">The audiences (client ids) accepted in tokens.</param>
/// <param name="Thumbprints">The 40-hex-character SHA-1 thumbprints of the issuer's CA certificates.</param>
/// <param name="CreateDate">When the provider was created.</param>
/// <param name="Tags">The tags.</param>
public sealed record OidcProvider(
    string Arn,
    string Url,
    ImmutableArray<string> ClientIds,
    ImmutableArray<string> Thumbprints,
    DateTimeOffset CreateDate,
    ImmutableArray<IamTag> Tags);
