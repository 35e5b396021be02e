using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sts.Core.WebIdentity;

public sealed partial class WebIdentityTokenValidator
{
    internal const string TagsClaim = "https://aws.amazon.com/tags";
    private const string SourceIdentityClaim = "https://aws.amazon.com/source_identity";
    private const int MaxSessionTags = 50;
    private const int MaxTagKeyLength = 128;
    private const int MaxTagValueLength = 256;

    private static readonly SearchValues<char> AsciiTagText =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _.:/=+-@");

    private readonly record struct StandardClaims(
        string Issuer,
        string Subject,
        string[] Audiences,
        string? AuthorizedParty,
        string? ClientId,
        string[] AuthenticationMethods);

    private readonly record struct Lifetime(DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt);

    private static StsResult<StandardClaims> ReadStandardClaims(JwtPayload claims)
    {
        if (claims.Issuer is not { Length: > 0 } issuer)
        {
            return WebIdentityErrors.Invalid("The web identity token has no 'iss' claim (a non-empty string is required)");
        }

        if (claims.Subject is not { Length: > 0 } subject)
        {
            return WebIdentityErrors.Invalid("The web identity token has no 'sub' claim (a non-empty string is required)");
        }

        if (claims.Audiences is not { } audiences)
        {
            return WebIdentityErrors.Invalid("The web identity token's 'aud' claim must be a string or an array of strings");
        }

        if (claims.AuthenticationMethods is not { } methods)
        {
            return WebIdentityErrors.Invalid("The web identity token's 'amr' claim must be a string or an array of strings");
        }

        if (claims.AuthorizedParty is { IsPresent: true, Value: null } azp)
        {
            return WebIdentityErrors.Invalid($"The web identity token's 'azp' claim must be a string, not {azp.Kind}");
        }

        if (claims.ClientId is { IsPresent: true, Value: null } clientId)
        {
            return WebIdentityErrors.Invalid($"The web identity token's 'client_id' claim must be a string, not {clientId.Kind}");
        }

        return new StandardClaims(issuer, subject, audiences, claims.AuthorizedParty.Value, claims.ClientId.Value, methods);
    }

    private static StsError? CheckIssuer(string issuer, OidcProviderRegistration registration)
    {
        // The lookup ignored the scheme; the issuer must still use the registered one (and so equal the
        // registered URL up to host case and a trailing slash, which AWS normalizes away).
        if (!string.Equals(OidcIssuer.Scheme(issuer), OidcIssuer.Scheme(registration.Url), StringComparison.Ordinal))
        {
            return WebIdentityErrors.Invalid(
                $"The token issuer {WebIdentityErrors.Quote(issuer)} does not match the registered provider URL {WebIdentityErrors.Quote(registration.Url)}");
        }

        return null;
    }

    private StsResult<string> MatchAudience(StandardClaims claims, OidcProviderRegistration registration)
    {
        var clientIds = registration.ClientIds;
        if (clientIds.Count == 0)
        {
            if ((_options.CephCompatibility & CephCompatibility.AnyAudienceWithoutClientIds) == 0)
            {
                return WebIdentityErrors.Invalid("Incorrect token audience: the OpenIDConnect provider has no client ids");
            }

            var any = claims.Audiences.Length > 0 ? claims.Audiences[0] : claims.AuthorizedParty ?? claims.ClientId;
            return any is null
                ? WebIdentityErrors.Invalid("Incorrect token audience: the token has no 'aud', 'azp' or 'client_id' claim")
                : any;
        }

        foreach (var audience in claims.Audiences)
        {
            if (Contains(clientIds, audience))
            {
                return audience;
            }
        }

        if (claims.AuthorizedParty is { } azp && Contains(clientIds, azp))
        {
            return azp;
        }

        if (claims.ClientId is { } clientId && Contains(clientIds, clientId))
        {
            return clientId;
        }

        var offered = claims.Audiences.Length > 0 ? claims.Audiences[0] : claims.AuthorizedParty ?? claims.ClientId;
        return WebIdentityErrors.Invalid($"Incorrect token audience: {WebIdentityErrors.Quote(offered)} is not a client id of the OpenIDConnect provider");

        static bool Contains(IReadOnlyList<string> list, string value)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private StsResult<Lifetime> CheckLifetime(JwtPayload claims)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var leeway = (long)_options.ClockLeeway.TotalSeconds;
        if (claims.ExpiresAt.State == JwtPayload.EpochState.Absent)
        {
            return WebIdentityErrors.Invalid("The web identity token has no 'exp' claim");
        }

        if (claims.ExpiresAt.State != JwtPayload.EpochState.Valid)
        {
            return WebIdentityErrors.Invalid("The web identity token's 'exp' claim must be an integer number of seconds since 1970");
        }

        var exp = claims.ExpiresAt.Seconds;
        if (now > exp + leeway)
        {
            return WebIdentityErrors.Expired(now, exp);
        }

        if (claims.NotBefore.State != JwtPayload.EpochState.Absent)
        {
            if (claims.NotBefore.State != JwtPayload.EpochState.Valid)
            {
                return WebIdentityErrors.Invalid("The web identity token's 'nbf' claim must be an integer number of seconds since 1970");
            }

            var nbf = claims.NotBefore.Seconds;
            if (nbf > now + leeway)
            {
                return WebIdentityErrors.Invalid($"Token not yet valid: current date/time {now} must be after the not-before date/time {nbf}");
            }
        }

        DateTimeOffset? issuedAt = null;
        if (claims.IssuedAt.State != JwtPayload.EpochState.Absent)
        {
            if (claims.IssuedAt.State != JwtPayload.EpochState.Valid)
            {
                return WebIdentityErrors.Invalid("The web identity token's 'iat' claim must be an integer number of seconds since 1970");
            }

            var iat = claims.IssuedAt.Seconds;
            if (iat > now + leeway)
            {
                return WebIdentityErrors.Invalid($"Token issued in the future: current date/time {now} is before the issue date/time {iat}");
            }

            issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
        }

        return new Lifetime(DateTimeOffset.FromUnixTimeSeconds(exp), issuedAt);
    }

    private StsResult<(IReadOnlyList<WebIdentitySessionTag> Tags, IReadOnlyList<string> TransitiveKeys)> ReadSessionTags(JwtPayload claims)
    {
        if (claims.TagsKind == JsonValueKind.Undefined)
        {
            return (Array.Empty<WebIdentitySessionTag>(), Array.Empty<string>());
        }

        if (claims.TagsKind != JsonValueKind.Object)
        {
            return WebIdentityErrors.Invalid($"The '{TagsClaim}' claim must be a JSON object");
        }

        // The payload reader proved this JSON valid and decodable, so one pass reads both members; their errors
        // keep the order of the rules (a repeated member, then principal_tags, then the count, then
        // transitive_tag_keys) whatever the members' order in the token.
        var multiValued = (_options.CephCompatibility & CephCompatibility.MultiValuedSessionTags) != 0;
        var pending = new List<(string Key, string[] Values)>();
        StsError? principalError = null;
        string[]? transitiveRead = null;
        bool hasPrincipal = false, hasTransitive = false;
        var reader = new Utf8JsonReader(claims.TagsJson.Span, new JsonReaderOptions { MaxDepth = JwtPayload.MaxDepth });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPrincipal = reader.ValueTextEquals("principal_tags"u8);
            var isTransitive = !isPrincipal && reader.ValueTextEquals("transitive_tag_keys"u8);
            if ((isPrincipal && hasPrincipal) || (isTransitive && hasTransitive))
            {
                return WebIdentityErrors.Invalid($"The session tags claim repeats '{(isPrincipal ? "principal_tags" : "transitive_tag_keys")}'");
            }

            reader.Read();
            if (isPrincipal)
            {
                hasPrincipal = true;
                principalError = ReadPrincipalTags(ref reader, pending, multiValued);
            }
            else if (isTransitive)
            {
                hasTransitive = true;
                transitiveRead = JwtPayload.ReadStringArray(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (principalError is not null)
        {
            return principalError;
        }

        // Under the Ceph profile every value counts, as Ceph counts key-value pairs.
        var valueCount = 0;
        foreach (var (_, values) in pending)
        {
            valueCount += values.Length;
        }

        if (valueCount > MaxSessionTags)
        {
            return WebIdentityErrors.RejectedClaim(pending.Count == valueCount
                ? $"The token carries {pending.Count} session tags; at most {MaxSessionTags} are allowed"
                : $"The token carries {valueCount} session tag values; at most {MaxSessionTags} are allowed");
        }

        var transitive = Array.Empty<string>();
        if (hasTransitive)
        {
            if (transitiveRead is null)
            {
                return WebIdentityErrors.Invalid("The session tags claim's 'transitive_tag_keys' must be an array of strings");
            }

            transitive = transitiveRead;
            foreach (var key in transitive)
            {
                if (IndexOfKey(pending, key) < 0)
                {
                    return WebIdentityErrors.Invalid($"Transitive tag key {WebIdentityErrors.Quote(key)} names no tag of 'principal_tags'");
                }
            }
        }

        var result = new WebIdentitySessionTag[pending.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new WebIdentitySessionTag(pending[i].Key, pending[i].Values, IsTransitive(transitive, pending[i].Key));
        }

        return (result, transitive);

        static bool IsTransitive(string[] transitive, string key)
        {
            foreach (var candidate in transitive)
            {
                if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Reads the value of <c>principal_tags</c> (<paramref name="reader"/> on its first token) into
    /// <paramref name="tags"/>, checking each tag; returns the first error, having read the value to its end anyway.
    /// </summary>
    private static StsError? ReadPrincipalTags(ref Utf8JsonReader reader, List<(string Key, string[] Values)> tags, bool multiValued)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return WebIdentityErrors.Invalid("The session tags claim's 'principal_tags' must be a JSON object");
        }

        StsError? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = error is null ? reader.GetString()! : null;
            reader.Read();
            if (key is null)
            {
                reader.Skip();
                continue;
            }

            if (IndexOfKey(tags, key) >= 0)
            {
                error = WebIdentityErrors.Invalid($"The session tags claim repeats the tag key {WebIdentityErrors.Quote(key)} (keys are case-insensitive)");
                reader.Skip();
                continue;
            }

            var values = reader.TokenType == JsonTokenType.String ? [reader.GetString()!] : JwtPayload.ReadStringArray(ref reader);
            if (values is not { Length: > 0 })
            {
                error = WebIdentityErrors.Invalid($"Session tag {WebIdentityErrors.Quote(key)} must be an array holding one string");
                continue;
            }

            if (values.Length > 1 && !multiValued)
            {
                error = WebIdentityErrors.Invalid($"Session tag {WebIdentityErrors.Quote(key)} has {values.Length} values; AWS session tags have exactly one");
                continue;
            }

            error = CheckTag(key, values);
            if (error is null)
            {
                tags.Add((key, values));
            }
        }

        return error;
    }

    /// <summary>Linear, case-insensitive: at most 50 tags, fewer allocations than a set.</summary>
    private static int IndexOfKey(List<(string Key, string[] Values)> tags, string key)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.Equals(tags[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static StsError? CheckTag(string key, string[] values)
    {
        if (key.Length is 0 or > MaxTagKeyLength || !IsTagText(key))
        {
            return WebIdentityErrors.RejectedClaim(
                $"Session tag key {WebIdentityErrors.Quote(key)} must be 1-{MaxTagKeyLength} characters of letters, digits, spaces and _.:/=+-@");
        }

        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            return WebIdentityErrors.RejectedClaim($"Session tag key {WebIdentityErrors.Quote(key)} must not start with 'aws:'");
        }

        foreach (var value in values)
        {
            if (value.Length > MaxTagValueLength || (value.Length > 0 && !IsTagText(value)))
            {
                return WebIdentityErrors.RejectedClaim(
                    $"Session tag value {WebIdentityErrors.Quote(value)} of key {WebIdentityErrors.Quote(key)} must be 0-{MaxTagValueLength} characters of letters, digits, spaces and _.:/=+-@");
            }
        }

        return null;
    }

    private static StsResult<string?> ReadSourceIdentity(JwtPayload claims)
    {
        var claim = claims.SourceIdentity;
        if (!claim.IsPresent)
        {
            return StsResult<string?>.Success(null);
        }

        if (claim.Value is not { } value)
        {
            return WebIdentityErrors.Invalid($"The '{SourceIdentityClaim}' claim must be a string");
        }

        if (value.Length is < 2 or > 64 || !SourceIdentityText().IsMatch(value) || value.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            return WebIdentityErrors.RejectedClaim(
                $"Source identity {WebIdentityErrors.Quote(value)} must be 2-64 characters of [\\w+=,.@-] and must not start with 'aws:'");
        }

        return value;
    }

    /// <summary>
    /// AWS's tag text, <c>[\p{L}\p{Z}\p{N}_.:/=+\-@]+</c>, checked without a regex (whose <c>$</c> would also
    /// let a trailing line feed through): an ASCII fast path, then Unicode categories per UTF-16 unit.
    /// </summary>
    internal static bool IsTagText(string text)
    {
        var span = text.AsSpan();
        var i = span.IndexOfAnyExcept(AsciiTagText);
        if (i < 0)
        {
            return span.Length > 0;
        }

        foreach (var c in span[i..])
        {
            if (c < 128 ? !AsciiTagText.Contains(c) : !IsLetterSeparatorOrNumber(c))
            {
                return false;
            }
        }

        return true;

        static bool IsLetterSeparatorOrNumber(char c) => char.GetUnicodeCategory(c) is
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }

    [GeneratedRegex(@"^[\w+=,.@-]+$")]
    private static partial Regex SourceIdentityText();
}
