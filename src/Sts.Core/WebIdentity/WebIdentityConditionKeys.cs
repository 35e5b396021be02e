using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sts.Core.WebIdentity;

/// <summary>
/// The condition keys a validated token contributes to the trust policy, resolved on demand: a trust
/// policy names a handful of keys, so each lookup reads just the claims it needs; enumerating (or
/// counting) builds the whole map once. Both paths share one resolution function, so they agree.
/// <list type="bullet">
/// <item><c>&lt;provider&gt;:&lt;claim&gt;</c> for every top-level claim as Ceph exposes it: strings as they
/// are, numbers and booleans as JSON text, arrays one value per scalar element (claim names compare
/// case-insensitively, like every condition key).</item>
/// <item>Nested objects flattened into their inner keys, as Ceph does, but never into a key that a
/// top-level claim defines, nor into <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>azp</c>, <c>amr</c>,
/// <c>app_id</c>, <c>client_id</c>.</item>
/// <item><c>:aud</c> = the token's <c>aud</c> values (the matched client id when it has none);
/// <c>:app_id</c> = the same (Ceph's name for the audience; an <c>app_id</c> claim is ignored).</item>
/// <item><c>aws:RequestTag/&lt;k&gt;</c>, <c>aws:TagKeys</c>, <c>sts:TransitiveTagKeys</c>,
/// <c>sts:SourceIdentity</c> from the session claims.</item>
/// </list>
/// </summary>
internal sealed class WebIdentityConditionKeys : IReadOnlyDictionary<string, IReadOnlyList<string>>
{
    private const string RequestTagPrefix = "aws:RequestTag/";
    private const int MaxFlattenDepth = 4;

    private static readonly HashSet<string> ReservedClaimKeys = new(StringComparer.OrdinalIgnoreCase) { "iss", "sub", "aud", "azp", "amr", "app_id", "client_id" };

    private readonly string _providerName;
    private readonly IReadOnlyDictionary<string, JsonElement> _claims;
    private readonly string _audience;
    private readonly IReadOnlyList<WebIdentitySessionTag> _tags;
    private readonly IReadOnlyList<string> _transitiveKeys;
    private readonly string? _sourceIdentity;
    private Dictionary<string, IReadOnlyList<string>>? _all;

    internal WebIdentityConditionKeys(
        string providerName,
        IReadOnlyDictionary<string, JsonElement> claims,
        string audience,
        IReadOnlyList<WebIdentitySessionTag> tags,
        IReadOnlyList<string> transitiveKeys,
        string? sourceIdentity)
    {
        _providerName = providerName;
        _claims = claims;
        _audience = audience;
        _tags = tags;
        _transitiveKeys = transitiveKeys;
        _sourceIdentity = sourceIdentity;
    }

    public IEnumerable<string> Keys => All.Keys;

    public IEnumerable<IReadOnlyList<string>> Values => All.Values;

    public int Count => All.Count;

    public IReadOnlyList<string> this[string key] =>
        TryGetValue(key, out var values) ? values : throw new KeyNotFoundException($"No condition key '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = Resolve(key);
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator() => All.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The whole map, built on first use (a race builds it twice and keeps one; both are equal).</summary>
    private Dictionary<string, IReadOnlyList<string>> All => _all ?? Interlocked.CompareExchange(ref _all, BuildAll(), null) ?? _all!;

    private IReadOnlyList<string>? Resolve(string key)
    {
        // <provider>:<claim>, the provider name compared case-insensitively as every condition key.
        var nameLength = _providerName.Length;
        if (key.Length > nameLength && key[nameLength] == ':' && key.StartsWith(_providerName, StringComparison.OrdinalIgnoreCase))
        {
            return ClaimValues(key[(nameLength + 1)..]);
        }

        if (key.StartsWith(RequestTagPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var tagKey = key.AsSpan(RequestTagPrefix.Length);
            foreach (var tag in _tags)
            {
                if (tagKey.Equals(tag.Key, StringComparison.OrdinalIgnoreCase))
                {
                    return tag.Values;
                }
            }

            return null;
        }

        if (key.Equals("aws:TagKeys", StringComparison.OrdinalIgnoreCase))
        {
            return _tags.Count == 0 ? null : _tags.Select(t => t.Key).ToArray();
        }

        if (key.Equals("sts:TransitiveTagKeys", StringComparison.OrdinalIgnoreCase))
        {
            return _transitiveKeys.Count == 0 ? null : _transitiveKeys;
        }

        if (key.Equals("sts:SourceIdentity", StringComparison.OrdinalIgnoreCase))
        {
            return _sourceIdentity is null ? null : [_sourceIdentity];
        }

        return null;
    }

    /// <summary>The values of <c>&lt;provider&gt;:<paramref name="name"/></c>, or null when the token gives none.</summary>
    private List<string>? ClaimValues(string name)
    {
        var isAudience = name.Equals("aud", StringComparison.OrdinalIgnoreCase) || name.Equals("app_id", StringComparison.OrdinalIgnoreCase);
        var lookup = isAudience ? "aud" : name;
        List<string>? values = null;
        foreach (var (claim, value) in _claims)
        {
            if (claim is WebIdentityTokenValidator.TagsClaim || claim.Equals("app_id", StringComparison.OrdinalIgnoreCase)
                || !claim.Equals(lookup, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in value.EnumerateArray())
                {
                    AddScalar(ref values, element);
                }
            }
            else
            {
                AddScalar(ref values, value);
            }
        }

        if (isAudience)
        {
            return values ?? [_audience];
        }

        if (!ReservedClaimKeys.Contains(name))
        {
            foreach (var (claim, value) in _claims)
            {
                if (value.ValueKind == JsonValueKind.Object && claim != WebIdentityTokenValidator.TagsClaim)
                {
                    CollectNested(ref values, value, name, 0);
                }
            }
        }

        return values;
    }

    private void CollectNested(ref List<string>? values, JsonElement value, string name, int depth)
    {
        foreach (var inner in value.EnumerateObject())
        {
            if (ReservedClaimKeys.Contains(inner.Name) || _claims.ContainsKey(inner.Name))
            {
                continue;
            }

            if (inner.Value.ValueKind == JsonValueKind.Object)
            {
                if (depth < MaxFlattenDepth)
                {
                    CollectNested(ref values, inner.Value, name, depth + 1);
                }

                continue;
            }

            if (!inner.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (inner.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in inner.Value.EnumerateArray())
                {
                    AddScalar(ref values, element);
                }
            }
            else
            {
                AddScalar(ref values, inner.Value);
            }
        }
    }

    private static void AddScalar(ref List<string>? values, JsonElement element)
    {
        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is not null)
        {
            (values ??= new List<string>(1)).Add(text);
        }
    }

    private Dictionary<string, IReadOnlyList<string>> BuildAll()
    {
        var names = new List<string> { "aud", "app_id" };
        foreach (var (claim, value) in _claims)
        {
            if (claim is not WebIdentityTokenValidator.TagsClaim)
            {
                names.Add(claim);
                if (value.ValueKind == JsonValueKind.Object)
                {
                    AddNestedNames(names, value, 0);
                }
            }
        }

        var all = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var key = string.Concat(_providerName, ":", name);
            if (!all.ContainsKey(key) && ClaimValues(name) is { } values)
            {
                all[key] = values;
            }
        }

        foreach (var key in (string[])["aws:TagKeys", "sts:TransitiveTagKeys", "sts:SourceIdentity"])
        {
            if (Resolve(key) is { } values)
            {
                all[key] = values;
            }
        }

        foreach (var tag in _tags)
        {
            all[RequestTagPrefix + tag.Key] = tag.Values;
        }

        return all;
    }

    private static void AddNestedNames(List<string> names, JsonElement value, int depth)
    {
        foreach (var inner in value.EnumerateObject())
        {
            if (inner.Value.ValueKind == JsonValueKind.Object)
            {
                if (depth < MaxFlattenDepth)
                {
                    AddNestedNames(names, inner.Value, depth + 1);
                }
            }
            else
            {
                names.Add(inner.Name);
            }
        }
    }
}
