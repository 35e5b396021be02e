using System.Collections.Immutable;

namespace Sts.Policy.Evaluation;

/// <summary>A decision with its explanation: the statements that decided it, the context keys that were missing, and statements that could not be evaluated.</summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(PolicyDecision decision, EvaluationTrace trace)
    {
        Decision = decision;
        MatchedStatements = decision switch
        {
            PolicyDecision.ExplicitDeny => [.. trace.DenyStatements],
            PolicyDecision.Allow => [.. trace.AllowStatements],
            _ => [],
        };
        AllowStatements = [.. trace.AllowStatements];
        MissingContextKeys = [.. trace.MissingContextKeys];
        Errors = [.. trace.Errors];
    }

    /// <summary>Allow, ExplicitDeny or ImplicitDeny.</summary>
    public PolicyDecision Decision { get; }

    /// <summary>The statements that decided: the Deny statements for an explicit deny, the Allow statements for an allow, none for an implicit deny.</summary>
    public ImmutableArray<MatchedStatement> MatchedStatements { get; }

    /// <summary>Every Allow statement that applied, including those that did not suffice (e.g. an identity Allow outside the permissions boundary).</summary>
    public ImmutableArray<MatchedStatement> AllowStatements { get; }

    /// <summary>Context keys referenced by applicable statements but absent from the request.</summary>
    public ImmutableArray<string> MissingContextKeys { get; }

    /// <summary>Statements that could not be evaluated (a context value of the wrong type), each treated as not applying.</summary>
    public ImmutableArray<string> Errors { get; }
}
