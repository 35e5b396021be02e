using System.Collections.Immutable;

namespace Sts.Policy.Evaluation;

/// <summary>
/// A policy compiled once for fast, allocation-free evaluation: actions lower-cased, wildcard and ARN
/// matchers precomputed, CIDRs, dates and numbers parsed. Policy variables are expanded only for
/// <c>Version: 2012-10-17</c> documents; otherwise <c>${...}</c> is literal text. Immutable and thread-safe.
/// </summary>
public sealed class CompiledPolicy
{
    private PolicySet? _asSet;

    private CompiledPolicy(PolicyDocument document, string id, PolicySource source, ImmutableArray<CompiledStatement> statements, ImmutableArray<string> warnings)
    {
        Document = document;
        Id = id;
        Source = source;
        Statements = statements;
        Warnings = warnings;
    }

    /// <summary>The document this policy was compiled from.</summary>
    public PolicyDocument Document { get; }

    /// <summary>The id reported in matched statements (e.g. <c>PolicyInputList.1</c>, a policy ARN or name).</summary>
    public string Id { get; }

    /// <summary>The role the policy plays in evaluations.</summary>
    public PolicySource Source { get; }

    /// <summary>Condition values that cannot be read for their operator (comparisons with them are false), one line each.</summary>
    public ImmutableArray<string> Warnings { get; }

    internal ImmutableArray<CompiledStatement> Statements { get; }

    /// <summary>This policy alone as a set (trust policies, boundaries, resource policies), built once: its action index costs more than an evaluation.</summary>
    internal PolicySet AsSet => _asSet ??= new PolicySet([this]);

    /// <summary>Compiles a parsed policy.</summary>
    /// <param name="document">The parsed document.</param>
    /// <param name="id">The id to report in matched statements.</param>
    /// <param name="source">The role the policy plays: identity, resource, boundary, session or trust.</param>
    /// <returns>The compiled policy.</returns>
    public static CompiledPolicy Compile(PolicyDocument document, string id, PolicySource source)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var variables = document.Version == PolicyVersion.V20121017;
        var statements = document.Statements.Select(s => new CompiledStatement(s, id, source, variables)).ToImmutableArray();
        var warnings = statements.SelectMany(s => s.InvalidConditionValues.Select(v => $"Statement {s.Matched.StatementIndex}: {v} cannot be read for its operator; comparisons with it are false.")).ToImmutableArray();
        return new CompiledPolicy(document, id, source, statements, warnings);
    }
}
