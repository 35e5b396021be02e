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
    private readonly KeyValuePair<string, ImmutableArray<ContextValue>>[] _entries;
    private FrozenDictionary<string, ImmutableArray<ContextValue>>? _values;

    // The lower-cased action and service keys of the last action string seen on this thread (strings are immutable, so
    // the same reference has the same keys): callers usually pass the same constant action, which then costs nothing.
    [ThreadStatic]
    private static ActionKeys? t_lastActionKeys;

    internal RequestContext(RequestPrincipal principal, string action, string resource, KeyValuePair<string, ImmutableArray<ContextValue>>[] entries)
        : this(principal, action, resource, entries, new PrehashedTable<ImmutableArray<ContextValue>>(PrehashedEntries(entries), ignoreCase: true))
    {
    }

    private RequestContext(RequestPrincipal principal, string action, string resource, KeyValuePair<string, ImmutableArray<ContextValue>>[] entries, PrehashedTable<ImmutableArray<ContextValue>> keys)
    {
        Principal = principal;
        Action = action;
        Resource = resource;
        _entries = entries;
        _keys = keys;
        var actionKeys = t_lastActionKeys;
        if (actionKeys is null || !ReferenceEquals(actionKeys.Action, action))
        {
            var colon = action.IndexOf(':', StringComparison.Ordinal);
            var actionLower = action.ToLowerInvariant();
            actionKeys = t_lastActionKeys = new ActionKeys(action, PrehashedKey.Ordinal(actionLower), PrehashedKey.Ordinal(colon > 0 ? actionLower[..colon] : actionLower));
        }

        ActionKey = actionKeys.ActionKey;
        ServiceKey = actionKeys.ServiceKey;
    }

    /// <summary>The principal making the request.</summary>
    public RequestPrincipal Principal { get; }

    /// <summary>The action as requested, e.g. <c>s3:GetObject</c>.</summary>
    public string Action { get; }

    /// <summary>The resource ARN, or <c>*</c>.</summary>
    public string Resource { get; }

    /// <summary>The context keys and their values; a key with an empty list counts as absent.</summary>
    /// <remarks>Built on first use: evaluation looks keys up in a prehashed table, so a context that is only evaluated never pays for it.</remarks>
    public FrozenDictionary<string, ImmutableArray<ContextValue>> Values
    {
        get
        {
            var values = Volatile.Read(ref _values);
            if (values is null)
            {
                values = _entries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
                Interlocked.CompareExchange(ref _values, values, null);
            }

            return values;
        }
    }

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
        return new RequestContext(Principal, action, resource, _entries, _keys);
    }

    private static KeyValuePair<PrehashedKey, ImmutableArray<ContextValue>>[] PrehashedEntries(KeyValuePair<string, ImmutableArray<ContextValue>>[] entries)
    {
        var prehashed = new KeyValuePair<PrehashedKey, ImmutableArray<ContextValue>>[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            prehashed[i] = KeyValuePair.Create(PrehashedKey.RequestContextKey(entries[i].Key), entries[i].Value);
        }

        return prehashed;
    }

    private sealed record ActionKeys(string Action, PrehashedKey ActionKey, PrehashedKey ServiceKey);
}
