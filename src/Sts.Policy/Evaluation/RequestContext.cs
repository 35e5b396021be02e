using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Sts.Policy.Evaluation;

/// <summary>
/// One request to authorize: who (<see cref="Principal"/>), what (<see cref="Action"/>), on what
/// (<see cref="Resource"/>), and the condition context keys (looked up case-insensitively; values
/// compared case-sensitively unless the operator says otherwise). Immutable; build it with
/// <see cref="RequestContextBuilder"/>.
/// </summary>
public sealed class RequestContext
{
    private readonly PrehashedTable<ImmutableArray<ContextValue>> _keys;

    internal RequestContext(RequestPrincipal principal, string action, string resource, FrozenDictionary<string, ImmutableArray<ContextValue>> values)
        : this(principal, action, resource, values, new PrehashedTable<ImmutableArray<ContextValue>>(values.Select(kv => KeyValuePair.Create(PrehashedKey.RequestContextKey(kv.Key), kv.Value)), ignoreCase: true))
    {
    }

    private RequestContext(RequestPrincipal principal, string action, string resource, FrozenDictionary<string, ImmutableArray<ContextValue>> values, PrehashedTable<ImmutableArray<ContextValue>> keys)
    {
        Principal = principal;
        Action = action;
        Resource = resource;
        Values = values;
        _keys = keys;
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        var actionLower = action.ToLowerInvariant();
        ActionKey = PrehashedKey.Ordinal(actionLower);
        ServiceKey = PrehashedKey.Ordinal(colon > 0 ? actionLower[..colon] : actionLower);
    }

    /// <summary>The principal making the request.</summary>
    public RequestPrincipal Principal { get; }

    /// <summary>The action as requested, e.g. <c>s3:GetObject</c>.</summary>
    public string Action { get; }

    /// <summary>The resource ARN, or <c>*</c>.</summary>
    public string Resource { get; }

    /// <summary>The context keys and their values; a key with an empty list counts as absent.</summary>
    public FrozenDictionary<string, ImmutableArray<ContextValue>> Values { get; }

    /// <summary>The lower-cased action, hashed once for the action index.</summary>
    internal PrehashedKey ActionKey { get; }

    /// <summary>The lower-cased service prefix of the action, hashed once for the action index.</summary>
    internal PrehashedKey ServiceKey { get; }

    internal string ActionLower => ActionKey.Text;

    /// <summary>The values of a context key (case-insensitive); empty when the key is absent.</summary>
    /// <param name="key">The key, e.g. <c>aws:SourceIp</c>.</param>
    /// <returns>The values, possibly empty.</returns>
    public ImmutableArray<ContextValue> GetValues(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Values.TryGetValue(key, out var values) ? values : [];
    }

    /// <summary>The values of a context key compiled into a policy (hashed ignoring case); empty when absent.</summary>
    internal ImmutableArray<ContextValue> Lookup(PrehashedKey key) =>
        _keys.TryGetValue(key, out var values) ? values : [];

    /// <summary>Returns a copy of this request for another action and resource, sharing the principal and context keys.</summary>
    /// <param name="action">The action.</param>
    /// <param name="resource">The resource ARN or <c>*</c>.</param>
    /// <returns>The new request.</returns>
    public RequestContext WithActionAndResource(string action, string resource)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return new RequestContext(Principal, action, resource, Values, _keys);
    }
}
