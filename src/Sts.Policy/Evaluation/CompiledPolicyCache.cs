using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Sts.Policy.Evaluation;

/// <summary>
/// A bounded, thread-safe cache of compiled policies keyed by their exact text, id and source, so the
/// same policy text is parsed and compiled once. When full it starts afresh (policies are cheap to
/// recompile, and the working set of a gateway is far below the bound).
/// </summary>
public sealed class CompiledPolicyCache
{
    private readonly ConcurrentDictionary<(string Text, string Id, PolicySource Source), CompiledPolicy> _entries = new();

    /// <summary>Creates a cache.</summary>
    /// <param name="capacity">The most entries kept (default 4,096).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public CompiledPolicyCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>The number of entries now.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the compiled policy for <paramref name="text"/>, parsing and compiling it on first use.</summary>
    /// <param name="text">The policy text exactly as stored.</param>
    /// <param name="id">The id to report in matched statements.</param>
    /// <param name="source">The role the policy plays.</param>
    /// <param name="parse">Parses the text; returns null and an error message when it does not parse (nothing is cached then).</param>
    /// <param name="policy">The compiled policy.</param>
    /// <param name="error">The parse error.</param>
    /// <returns>True when the policy is available.</returns>
    public bool TryGet(string text, string id, PolicySource source, Func<string, (PolicyDocument? Document, string? Error)> parse, [NotNullWhen(true)] out CompiledPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parse);
        var key = (text, id, source);
        if (_entries.TryGetValue(key, out policy))
        {
            error = null;
            return true;
        }

        var (document, parseError) = parse(text);
        if (document is null)
        {
            error = parseError ?? "The policy does not parse.";
            return false;
        }

        policy = CompiledPolicy.Compile(document, id, source);
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = policy;
        error = null;
        return true;
    }
}
