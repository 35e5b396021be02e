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
    private readonly PrehashedTable<CompiledStatement[]> _wildcardsByService;
    private readonly PrehashedTable<ActionCandidates> _byExactAction;

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
        _wildcardsByService = new PrehashedTable<CompiledStatement[]>(
            wildcardByService.Select(kv => KeyValuePair.Create(PrehashedKey.Ordinal(kv.Key), kv.Value.ToArray())),
            ignoreCase: false);

        // An exact action also carries its service's wildcard statements, so a request naming it needs one lookup.
        _byExactAction = new PrehashedTable<ActionCandidates>(
            exactByAction.SelectMany(service => service.Value.Select(action => KeyValuePair.Create(
                PrehashedKey.Ordinal(action.Key),
                new ActionCandidates(wildcardByService.TryGetValue(service.Key, out var w) ? [.. w] : [], [.. action.Value])))),
            ignoreCase: false);
    }

    /// <summary>The candidate statements for a request, in three disjoint lists; every statement in <paramref name="exact"/> has an action equal to the request's (ignoring case).</summary>
    public void GetCandidates(RequestContext request, out ReadOnlySpan<CompiledStatement> anyService, out ReadOnlySpan<CompiledStatement> serviceWildcards, out ReadOnlySpan<CompiledStatement> exact)
    {
        anyService = _anyService;
        if (_byExactAction.TryGetValue(request.ActionKey, out var candidates))
        {
            serviceWildcards = candidates.ServiceWildcards;
            exact = candidates.Exact;
            return;
        }

        serviceWildcards = _wildcardsByService.TryGetValue(request.ServiceKey, out var wildcards) ? wildcards : default;
        exact = default;
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

    private sealed record ActionCandidates(CompiledStatement[] ServiceWildcards, CompiledStatement[] Exact);
}
