using System.Collections.Immutable;

namespace Sts.Policy.Evaluation;

/// <summary>
/// Compiled policies evaluated together (a principal's identity policies, or the session policies of a
/// session), with their statements indexed by action so a request scans only candidate statements.
/// Immutable and thread-safe; build it once per principal (or account) and reuse it.
/// </summary>
public sealed class PolicySet
{
    private readonly ActionIndex _index;

    /// <summary>Creates a set.</summary>
    /// <param name="policies">The policies.</param>
    public PolicySet(IEnumerable<CompiledPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        Policies = [.. policies];
        _index = new ActionIndex(Policies.SelectMany(p => p.Statements));
    }

    /// <summary>The empty set.</summary>
    public static PolicySet Empty { get; } = new([]);

    /// <summary>The policies of the set.</summary>
    public ImmutableArray<CompiledPolicy> Policies { get; }

    /// <summary>True when the set has no policy.</summary>
    public bool IsEmpty => Policies.IsEmpty;

    internal ActionIndex Index => _index;
}
