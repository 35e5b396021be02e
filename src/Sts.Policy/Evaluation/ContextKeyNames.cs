using System.Collections.Concurrent;

namespace Sts.Policy.Evaluation;

/// <summary>
/// One shared string instance per context key name (ignoring case) among the keys that compiled policies use,
/// so a request's key table holds the very instance a compiled condition or variable looks up, and a lookup
/// confirms its hash hit with a reference check instead of a case-insensitive comparison. Only a speed-up:
/// a name not shared (or registered after the request was built) still matches by comparison. Bounded, so
/// policies with endless distinct keys cannot grow it without limit.
/// </summary>
internal static class ContextKeyNames
{
    private const int MaxNames = 65_536;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The shared instance of a key a policy uses, registering it when there is room.</summary>
    public static string ForPolicy(string name)
    {
        if (Names.TryGetValue(name, out var shared))
        {
            return shared;
        }

        return Names.Count < MaxNames ? Names.GetOrAdd(name, name) : name;
    }

    /// <summary>The shared instance of a key a request supplies, or the key itself when no policy registered it.</summary>
    public static string ForRequest(string name) => Names.TryGetValue(name, out var shared) ? shared : name;
}
