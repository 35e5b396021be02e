namespace Sts.Policy.Evaluation;

/// <summary>
/// Collects why a decision was reached: the statements that matched, the context keys that were
/// missing and the statements that could not be evaluated. Reusable: <see cref="Clear"/> keeps the
/// capacity, so a caller that keeps one trace per thread explains decisions without new allocations.
/// </summary>
public sealed class EvaluationTrace
{
    private readonly List<MatchedStatement> _allows = [];
    private readonly List<MatchedStatement> _denies = [];
    private readonly List<string> _missing = [];
    private readonly List<string> _errors = [];

    /// <summary>Allow statements that applied, in evaluation order.</summary>
    public IReadOnlyList<MatchedStatement> AllowStatements => _allows;

    /// <summary>Deny statements that applied, in evaluation order.</summary>
    public IReadOnlyList<MatchedStatement> DenyStatements => _denies;

    /// <summary>Context keys referenced by applicable statements but absent from the request, each once, in the order met.</summary>
    public IReadOnlyList<string> MissingContextKeys => _missing;

    /// <summary>One line per statement that could not be evaluated (and so did not apply).</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Empties the trace for the next evaluation.</summary>
    public void Clear()
    {
        _allows.Clear();
        _denies.Clear();
        _missing.Clear();
        _errors.Clear();
    }

    internal void AddMatch(MatchedStatement statement)
    {
        (statement.Effect == PolicyEffect.Deny ? _denies : _allows).Add(statement);
    }

    internal void AddMissingKey(string key)
    {
        foreach (var existing in _missing)
        {
            if (string.Equals(existing, key, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        _missing.Add(key);
    }

    internal void AddError(CompiledStatement statement, string message)
    {
        var where = statement.Matched.Sid is { } sid ? $"Sid '{sid}'" : $"statement {statement.Matched.StatementIndex}";
        _errors.Add($"{statement.Matched.PolicyId} {where}: {message}");
    }
}
