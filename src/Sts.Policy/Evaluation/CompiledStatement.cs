namespace Sts.Policy.Evaluation;

/// <summary>
/// A statement compiled for evaluation: lower-cased action matchers, resource ARN matchers, the
/// principal matcher and conditions. <c>Applies</c> says whether the statement applies to a
/// request; the evaluator alone applies its <see cref="Effect"/>.
/// </summary>
internal sealed class CompiledStatement
{
    private readonly GlobPattern[] _actions;
    private readonly bool _notAction;
    private readonly bool _anyAction;
    private readonly ArnPattern[]? _resources;
    private readonly bool _notResource;
    private readonly PrincipalMatcher? _principal;
    private readonly CompiledCondition[] _conditions;

    public CompiledStatement(PolicyStatement statement, string policyId, PolicySource source, bool variables)
    {
        Effect = statement.Effect;
        Matched = new MatchedStatement(policyId, source, statement.Index, statement.Sid, statement.Effect);
        var actions = statement.Action;
        _notAction = actions?.IsNot ?? false;
        _actions = actions is null ? [] : [.. actions.Patterns.Select(p => GlobPattern.Compile(p, wildcards: true, variables: false, lowerCase: true))];
        _anyAction = !_notAction && _actions.Any(a => a.MatchesEverything);
        ActionPatterns = actions is null ? [] : [.. actions.Patterns.Select(p => p.ToLowerInvariant())];
        if (statement.Resource is { } resource)
        {
            _notResource = resource.IsNot;
            _resources = [.. resource.Patterns.Select(p => ArnPattern.Compile(p, variables, isResource: true))];

            // A first "*" applies to every request (the patterns are tried in order, so nothing after it is ever looked at).
            if (!_notResource && _resources.Length > 0 && _resources[0].MatchesEverything)
            {
                _resources = null;
            }
        }

        var usesPrincipal = source is PolicySource.Resource or PolicySource.Trust;
        _principal = usesPrincipal && statement.Principal is { } principal ? PrincipalMatcher.Compile(principal) : null;
        RequiresPrincipal = usesPrincipal;
        _conditions = [.. statement.Conditions.Select(c => new CompiledCondition(c, variables))];
    }

    public PolicyEffect Effect { get; }

    /// <summary>The statement's identity, reported when it decides a request (allocated once, here).</summary>
    public MatchedStatement Matched { get; }

    /// <summary>The lower-cased action patterns (for the action index).</summary>
    public IReadOnlyList<string> ActionPatterns { get; }

    public bool IsNotAction => _notAction;

    private bool RequiresPrincipal { get; }

    /// <summary>Whether the statement applies to the request, and how it named the principal (resource and trust policies).</summary>
    public PrincipalMatch Applies(RequestContext request, EvaluationTrace? trace) => Applies(request, trace, actionKnownToMatch: false);

    /// <summary>As <see cref="Applies(RequestContext, EvaluationTrace?)"/>; <paramref name="actionKnownToMatch"/> skips the action check when the action index already proved it.</summary>
    public PrincipalMatch Applies(RequestContext request, EvaluationTrace? trace, bool actionKnownToMatch)
    {
        if (!actionKnownToMatch && !_anyAction && !MatchesAction(request.ActionLower))
        {
            return PrincipalMatch.None;
        }

        if (_resources is not null && !MatchesResource(request, trace))
        {
            return PrincipalMatch.None;
        }

        var how = PrincipalMatch.Direct;
        if (RequiresPrincipal)
        {
            how = _principal?.Match(request.Principal) ?? PrincipalMatch.None;
            if (how == PrincipalMatch.None)
            {
                return PrincipalMatch.None;
            }
        }

        var result = true;
        foreach (var condition in _conditions)
        {
            var outcome = condition.Evaluate(request, trace, this);
            if (outcome == ConditionOutcome.True)
            {
                continue;
            }

            result = false;
            if (trace is null || outcome == ConditionOutcome.Error)
            {
                break;
            }
        }

        return result ? how : PrincipalMatch.None;
    }

    private bool MatchesAction(string actionLower)
    {
        var any = false;
        foreach (var pattern in _actions)
        {
            if (pattern.Matches(actionLower, null!, ignoreCase: false, out _))
            {
                any = true;
                break;
            }
        }

        return any != _notAction;
    }

    private bool MatchesResource(RequestContext request, EvaluationTrace? trace)
    {
        var any = false;
        foreach (var pattern in _resources!)
        {
            if (pattern.Matches(request.Resource, request, out var unresolved))
            {
                any = true;
                break;
            }

            if (unresolved is not null)
            {
                trace?.AddMissingKey(unresolved);
            }
        }

        return any != _notResource;
    }

    internal IEnumerable<string> InvalidConditionValues =>
        _conditions.SelectMany(c => c.InvalidValues.Select(v => $"{c.Operator.Text} '{c.Key}': '{ContextValue.Truncate(v)}'"));
}
