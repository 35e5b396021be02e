using System.Text.Json;

namespace Sts.Core.WebIdentity;

/// <summary>
/// A web identity token that passed every check of <see cref="WebIdentityTokenValidator"/>: the
/// provider that issued it, the identity it names, its session tags and source identity, and the
/// condition keys it contributes to the role's trust policy evaluation.
/// </summary>
public sealed record ValidatedWebIdentity
{
    /// <summary>The ARN of the registered OIDC provider that matched the token's issuer.</summary>
    public required string ProviderArn { get; init; }

    /// <summary>
    /// The provider name: the issuer without scheme or trailing slash, host lower-cased
    /// (<c>example.com/realms/x</c>); the prefix of its condition keys.
    /// </summary>
    public required string ProviderName { get; init; }

    /// <summary>The token's <c>iss</c> claim (AWS returns it as <c>Provider</c>).</summary>
    public required string Issuer { get; init; }

    /// <summary>The token's <c>sub</c> claim (AWS's <c>SubjectFromWebIdentityToken</c>).</summary>
    public required string Subject { get; init; }

    /// <summary>The client id the token was accepted for (AWS's <c>Audience</c>): the value of <c>aud</c>, <c>azp</c> or <c>client_id</c> that matched.</summary>
    public required string Audience { get; init; }

    /// <summary>The token's <c>azp</c> claim, when present.</summary>
    public string? AuthorizedParty { get; init; }

    /// <summary>The token's <c>amr</c> claim values (empty when absent).</summary>
    public required IReadOnlyList<string> AuthenticationMethods { get; init; }

    /// <summary>The JWS algorithm the token was signed with (<c>RS256</c>, <c>ES256</c>, ...).</summary>
    public required string Algorithm { get; init; }

    /// <summary>The <c>kid</c> of the key that verified the signature, when the key had one.</summary>
    public string? KeyId { get; init; }

    /// <summary>When the token was issued (<c>iat</c>), when present.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>When the token expires (<c>exp</c>).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Every claim of the payload, by name.</summary>
    public required IReadOnlyDictionary<string, JsonElement> Claims { get; init; }

    /// <summary>The session tags of the <c>https://aws.amazon.com/tags</c> claim, in token order (empty when absent).</summary>
    public required IReadOnlyList<WebIdentitySessionTag> SessionTags { get; init; }

    /// <summary>The keys of <c>transitive_tag_keys</c> (empty when absent).</summary>
    public required IReadOnlyList<string> TransitiveTagKeys { get; init; }

    /// <summary>The <c>https://aws.amazon.com/source_identity</c> claim, when present.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary>
    /// The condition keys the token contributes to the trust policy evaluation, by name
    /// (case-insensitive): <c>&lt;provider&gt;:sub</c>, <c>:aud</c>, <c>:app_id</c>, <c>:azp</c>,
    /// <c>:amr</c> and every other claim as Ceph exposes them; <c>aws:RequestTag/&lt;k&gt;</c>,
    /// <c>aws:TagKeys</c> and <c>sts:TransitiveTagKeys</c> for session tags; <c>sts:SourceIdentity</c>.
    /// Multi-valued keys hold several values.
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ConditionKeys { get; init; }
}
