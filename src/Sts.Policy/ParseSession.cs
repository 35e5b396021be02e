using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>Per-parse scratch state: findings in check order and reusable lists, cached per thread so a parse allocates only its result.</summary>
internal sealed class ParseSession
{
    [ThreadStatic]
    private static ParseSession? cached;

    /// <summary>At most this many errors are kept: AWS reports one, and a hostile document must not produce megabytes of findings.</summary>
    internal const int MaxErrors = 100;

    private readonly List<(ParsePhase Phase, int Sequence, PolicyFinding Finding)> findings = [];
    private readonly HashSet<string> errorMessages = new(StringComparer.Ordinal);
    private int errorCount;

    internal List<PolicyStatement> Statements { get; } = [];

    internal List<string> Strings { get; } = [];

    internal List<PolicyPrincipal> Principals { get; } = [];

    internal List<PolicyCondition> Conditions { get; } = [];

    internal List<ConditionValue> Values { get; } = [];

    internal List<string> OperatorNames { get; } = [];

    internal List<string> ConditionKeys { get; } = [];

    /// <summary>Statements whose <c>Effect</c> matched Allow/Deny only case-insensitively (AWS: legacy parsing failure).</summary>
    internal List<(int Statement, string Effect)> EffectCaseMismatches { get; } = [];

    internal bool HasErrors { get; private set; }

    internal string ErrorCode { get; set; } = PolicyMessages.MalformedPolicyDocument;

    internal static ParseSession Rent()
    {
        var session = cached ?? new ParseSession();
        cached = null;
        return session;
    }

    internal static void Return(ParseSession session)
    {
        session.findings.Clear();
        session.errorMessages.Clear();
        session.errorCount = 0;
        session.Statements.Clear();
        session.Strings.Clear();
        session.Principals.Clear();
        session.Conditions.Clear();
        session.Values.Clear();
        session.OperatorNames.Clear();
        session.ConditionKeys.Clear();
        session.EffectCaseMismatches.Clear();
        session.HasErrors = false;
        session.ErrorCode = PolicyMessages.MalformedPolicyDocument;
        cached = session;
    }

    internal void Error(ParsePhase phase, string message) => Error(phase, ErrorCode, message);

    internal void Error(ParsePhase phase, string code, string message)
    {
        HasErrors = true;
        if (errorCount >= MaxErrors || !errorMessages.Add(message))
        {
            return;
        }

        errorCount++;
        findings.Add((phase, findings.Count, new PolicyFinding(PolicyFindingSeverity.Error, code, message)));
    }

    internal void Warning(string code, string message)
    {
        if (findings.Count < MaxErrors * 2)
        {
            findings.Add((ParsePhase.Warning, findings.Count, new PolicyFinding(PolicyFindingSeverity.Warning, code, message)));
        }
    }

    /// <summary>True when an error with exactly this message was already recorded.</summary>
    internal bool HasError(string message) => errorMessages.Contains(message);

    internal ImmutableArray<PolicyFinding> Findings()
    {
        if (findings.Count == 0)
        {
            return [];
        }

        findings.Sort(static (a, b) => a.Phase != b.Phase ? a.Phase.CompareTo(b.Phase) : a.Sequence.CompareTo(b.Sequence));
        var builder = ImmutableArray.CreateBuilder<PolicyFinding>(findings.Count);
        foreach (var (_, _, finding) in findings)
        {
            builder.Add(finding);
        }

        return builder.MoveToImmutable();
    }
}
