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

    private readonly record struct StandardClaims(
        string Issuer,
        string Subject,
        string[] Audiences,
        string? AuthorizedParty,
        string? ClientId,
        string[] AuthenticationMethods);

    private readonly record struct Lifetime(DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt);

    private static StsResult<StandardClaims> ReadStandardClaims(IReadOnlyDictionary<string, JsonElement> claims)
    {
        if (!TryGetString(claims, "iss", out var issuer) || issuer.Length == 0)
        {
            return WebIdentityErrors.Invalid("The web identity token has no 'iss' claim (a non-empty string is required)");
        }

        if (!TryGetString(claims, "sub", out var subject) || subject.Length == 0)
        {
            return WebIdentityErrors.Invalid("The web identity token has no 'sub' claim (a non-empty string is required)");
        }

        if (!TryGetStrings(claims, "aud", out var audiences))
        {
            return WebIdentityErrors.Invalid("The web identity token's 'aud' claim must be a string or an array of strings");
        }

        if (!TryGetStrings(claims, "amr", out var methods))
        {
            return WebIdentityErrors.Invalid("The web identity token's 'amr' claim must be a string or an array of strings");
        }

        string? azp = null;
        if (claims.TryGetValue("azp", out var azpElement) && !TryGetString(claims, "azp", out azp))
        {
            return WebIdentityErrors.Invalid($"The web identity token's 'azp' claim must be a string, not {azpElement.ValueKind}");
        }

        string? clientId = null;
        if (claims.TryGetValue("client_id", out var clientElement) && !TryGetString(claims, "client_id", out clientId))
        {
            return WebIdentityErrors.Invalid($"The web identity token's 'client_id' claim must be a string, not {clientElement.ValueKind}");
        }

        return new StandardClaims(issuer, subject, audiences, azp, clientId, methods);
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

    private StsResult<Lifetime> CheckLifetime(IReadOnlyDictionary<string, JsonElement> claims)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var leeway = (long)_options.ClockLeeway.TotalSeconds;
        if (!claims.TryGetValue("exp", out _))
        {
            return WebIdentityErrors.Invalid("The web identity token has no 'exp' claim");
        }

        if (!TryGetEpochSeconds(claims, "exp", out var exp))
        {
            return WebIdentityErrors.Invalid("The web identity token's 'exp' claim must be an integer number of seconds since 1970");
        }

        if (now > exp + leeway)
        {
            return WebIdentityErrors.Expired(now, exp);
        }

        if (claims.TryGetValue("nbf", out _))
        {
            if (!TryGetEpochSeconds(claims, "nbf", out var nbf))
            {
                return WebIdentityErrors.Invalid("The web identity token's 'nbf' claim must be an integer number of seconds since 1970");
            }

            if (nbf > now + leeway)
            {
                return WebIdentityErrors.Invalid($"Token not yet valid: current date/time {now} must be after the not-before date/time {nbf}");
            }
        }

        DateTimeOffset? issuedAt = null;
        if (claims.TryGetValue("iat", out _))
        {
            if (!TryGetEpochSeconds(claims, "iat", out var iat))
            {
                return WebIdentityErrors.Invalid("The web identity token's 'iat' claim must be an integer number of seconds since 1970");
            }

            if (iat > now + leeway)
            {
                return WebIdentityErrors.Invalid($"Token issued in the future: current date/time {now} is before the issue date/time {iat}");
            }

            issuedAt = DateTimeOffset.FromUnixTimeSeconds(iat);
        }

        return new Lifetime(DateTimeOffset.FromUnixTimeSeconds(exp), issuedAt);
    }

    private StsResult<(IReadOnlyList<WebIdentitySessionTag> Tags, IReadOnlyList<string> TransitiveKeys)> ReadSessionTags(IReadOnlyDictionary<string, JsonElement> claims)
    {
        if (!claims.TryGetValue(TagsClaim, out var claim))
        {
            return (Array.Empty<WebIdentitySessionTag>(), Array.Empty<string>());
        }

        if (claim.ValueKind != JsonValueKind.Object)
        {
            return WebIdentityErrors.Invalid($"The '{TagsClaim}' claim must be a JSON object");
        }

        var multiValued = (_options.CephCompatibility & CephCompatibility.MultiValuedSessionTags) != 0;
        var pending = new List<(string Key, string[] Values)>();
        if (claim.TryGetProperty("principal_tags", out var principalTags))
        {
            if (principalTags.ValueKind != JsonValueKind.Object)
            {
                return WebIdentityErrors.Invalid("The session tags claim's 'principal_tags' must be a JSON object");
            }

            foreach (var tag in principalTags.EnumerateObject())
            {
                var key = tag.Name;
                if (IndexOfKey(pending, key) >= 0)
                {
                    return WebIdentityErrors.Invalid($"The session tags claim repeats the tag key {WebIdentityErrors.Quote(key)} (keys are case-insensitive)");
                }

                string[] values;
                if (tag.Value.ValueKind == JsonValueKind.String)
                {
                    values = [tag.Value.GetString()!];
                }
                else if (!TryGetStringArray(tag.Value, out values) || values.Length == 0)
                {
                    return WebIdentityErrors.Invalid($"Session tag {WebIdentityErrors.Quote(key)} must be an array holding one string");
                }

                if (values.Length > 1 && !multiValued)
                {
                    return WebIdentityErrors.Invalid($"Session tag {WebIdentityErrors.Quote(key)} has {values.Length} values; AWS session tags have exactly one");
                }

                var rule = CheckTag(key, values);
                if (rule is not null)
                {
                    return rule;
                }

                pending.Add((key, values));
            }
        }

        // Under the Ceph profile every value counts, as Ceph counts key-value pairs.
        var valueCount = pending.Sum(t => t.Values.Length);
        if (valueCount > MaxSessionTags)
        {
            return WebIdentityErrors.RejectedClaim(pending.Count == valueCount
                ? $"The token carries {pending.Count} session tags; at most {MaxSessionTags} are allowed"
                : $"The token carries {valueCount} session tag values; at most {MaxSessionTags} are allowed");
        }

        var transitive = Array.Empty<string>();
        if (claim.TryGetProperty("transitive_tag_keys", out var transitiveElement))
        {
            if (!TryGetStringArray(transitiveElement, out transitive))
            {
                return WebIdentityErrors.Invalid("The session tags claim's 'transitive_tag_keys' must be an array of strings");
            }

            foreach (var key in transitive)
            {
                if (IndexOfKey(pending, key) < 0)
                {
                    return WebIdentityErrors.Invalid($"Transitive tag key {WebIdentityErrors.Quote(key)} names no tag of 'principal_tags'");
                }
            }
        }

        var tags = new WebIdentitySessionTag[pending.Count];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new WebIdentitySessionTag(pending[i].Key, pending[i].Values, Array.Exists(transitive, k => string.Equals(k, pending[i].Key, StringComparison.OrdinalIgnoreCase)));
        }

        return (tags, transitive);
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
        if (key.Length is 0 or > MaxTagKeyLength || !TagText().IsMatch(key))
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
            if (value.Length > MaxTagValueLength || (value.Length > 0 && !TagText().IsMatch(value)))
            {
                return WebIdentityErrors.RejectedClaim(
                    $"Session tag value {WebIdentityErrors.Quote(value)} of key {WebIdentityErrors.Quote(key)} must be 0-{MaxTagValueLength} characters of letters, digits, spaces and _.:/=+-@");
            }
        }

        return null;
    }

    private static StsResult<string?> ReadSourceIdentity(IReadOnlyDictionary<string, JsonElement> claims)
    {
        if (!claims.TryGetValue(SourceIdentityClaim, out var element))
        {
            return StsResult<string?>.Success(null);
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return WebIdentityErrors.Invalid($"The '{SourceIdentityClaim}' claim must be a string");
        }

        var value = element.GetString()!;
        if (value.Length is < 2 or > 64 || !SourceIdentityText().IsMatch(value) || value.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            return WebIdentityErrors.RejectedClaim(
                $"Source identity {WebIdentityErrors.Quote(value)} must be 2-64 characters of [\\w+=,.@-] and must not start with 'aws:'");
        }

        return value;
    }

    private static bool TryGetString(IReadOnlyDictionary<string, JsonElement> claims, string name, out string value)
    {
        if (claims.TryGetValue(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = "";
        return false;
    }

    /// <summary>A claim that may be a string or an array of strings; absent gives an empty array.</summary>
    private static bool TryGetStrings(IReadOnlyDictionary<string, JsonElement> claims, string name, out string[] values)
    {
        if (!claims.TryGetValue(name, out var element))
        {
            values = [];
            return true;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            values = [element.GetString()!];
            return true;
        }

        return TryGetStringArray(element, out values);
    }

    private static bool TryGetStringArray(JsonElement element, out string[] values)
    {
        values = [];
        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var result = new string[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            result[i++] = item.GetString()!;
        }

        values = result;
        return true;
    }

    /// <summary>An integer JSON number in DateTimeOffset's range (AWS requires integer timestamps).</summary>
    private static bool TryGetEpochSeconds(IReadOnlyDictionary<string, JsonElement> claims, string name, out long seconds)
    {
        seconds = 0;
        return claims.TryGetValue(name, out var element)
            && element.ValueKind == JsonValueKind.Number
            && element.TryGetInt64(out seconds)
            && seconds is >= 0 and <= 253_402_300_799;
    }

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$")]
    private static partial Regex TagText();

    [GeneratedRegex(@"^[\w+=,.@-]+$")]
    private static partial Regex SourceIdentityText();
}
