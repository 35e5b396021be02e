namespace Sts.Policy.Evaluation;

/// <summary>
/// Indexes statements by action so a request scans only candidates: statements whose actions name the
/// request's exact action, statements with a wildcard action in the request's service, and statements
/// that may match any service (<c>*</c>, a wildcard in the service prefix, <c>NotAction</c>). Every
/// statement appears in at most one of the three lists for a given action, so none is scanned twice.
/// </summary>
internal sealed class ActionIndex
{
    private readonly CompiledStatement[] _anyService;
    private readonly PrehashedTable<ServiceBucket> _services;

    public ActionIndex(IEnumerable<CompiledStatement> statements)
    {
        var anyService = new List<CompiledStatement>();
        var wildcardByService = new Dictionary<string, List<CompiledStatement>>(StringComparer.Ordinal);
        var exactByAction = new Dictionary<string, Dictionary<string, List<CompiledStatement>>>(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            if (statement.IsNotAction || statement.ActionPatterns.Any(p => ServiceOf(p) is null))
            {
                anyService.Add(statement);
                continue;
            }

            var wildcardServices = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pattern in statement.ActionPatterns)
            {
                if (pattern.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    var service = ServiceOf(pattern)!;
                    if (wildcardServices.Add(service))
                    {
                        Add(wildcardByService, service, statement);
                    }
                }
            }

            var exactSeen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pattern in statement.ActionPatterns)
            {
                var service = ServiceOf(pattern)!;
                if (pattern.AsSpan().IndexOfAny('*', '?') < 0 && !wildcardServices.Contains(service) && exactSeen.Add(pattern))
                {
                    if (!exactByAction.TryGetValue(service, out var byAction))
                    {
                        exactByAction[service] = byAction = new Dictionary<string, List<CompiledStatement>>(StringComparer.Ordinal);
                    }

                    Add(byAction, pattern, statement);
                }
            }
        }

        _anyService = [.. anyService];
        var services = wildcardByService.Keys.Concat(exactByAction.Keys).Distinct(StringComparer.Ordinal);
        _services = new PrehashedTable<ServiceBucket>(
            services.Select(s => KeyValuePair.Create(PrehashedKey.Ordinal(s), new ServiceBucket(
                wildcardByService.TryGetValue(s, out var w) ? [.. w] : [],
                exactByAction.TryGetValue(s, out var e)
                    ? new PrehashedTable<CompiledStatement[]>(e.Select(kv => KeyValuePair.Create(PrehashedKey.Ordinal(kv.Key), kv.Value.ToArray())), ignoreCase: false)
                    : PrehashedTable<CompiledStatement[]>.Empty))),
            ignoreCase: false);
    }

    /// <summary>The candidate statements for a request, in three disjoint lists; every statement in <paramref name="exact"/> has an action equal to the request's (ignoring case).</summary>
    public void GetCandidates(RequestContext request, out ReadOnlySpan<CompiledStatement> anyService, out ReadOnlySpan<CompiledStatement> serviceWildcards, out ReadOnlySpan<CompiledStatement> exact)
    {
        anyService = _anyService;
        serviceWildcards = default;
        exact = default;
        if (_services.TryGetValue(request.ServiceKey, out var bucket))
        {
            serviceWildcards = bucket.Wildcards;
            if (bucket.Exact.TryGetValue(request.ActionKey, out var statements))
            {
                exact = statements;
            }
        }
    }

    /// <summary>The literal service prefix of a lower-cased action pattern, or null when it may match any service.</summary>
    private static string? ServiceOf(string pattern)
    {
        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var service = pattern[..colon];
        return service.AsSpan().IndexOfAny('*', '?') >= 0 ? null : service;
    }

    private static void Add<TKey>(Dictionary<TKey, List<CompiledStatement>> map, TKey key, CompiledStatement statement)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(statement);
    }

    private sealed record ServiceBucket(CompiledStatement[] Wildcards, PrehashedTable<CompiledStatement[]> Exact);
}
