using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>Per-parse scratch state: findings in check order and reusable lists, cached per thread so a parse allocates only its result.</summary>
internal sealed class ParseSession
{
    [ThreadStatic]
    private static ParseSession? cached;

    private readonly List<(ParsePhase Phase, int Sequence, PolicyFinding Finding)> findings = [];

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
        findings.Add((phase, findings.Count, new PolicyFinding(PolicyFindingSeverity.Error, code, message)));
    }

    internal void Warning(string code, string message) =>
        findings.Add((ParsePhase.Warning, findings.Count, new PolicyFinding(PolicyFindingSeverity.Warning, code, message)));

    /// <summary>True when an error with exactly this message was already recorded (AWS reports some errors once per document).</summary>
    internal bool HasError(string message)
    {
        foreach (var (_, _, finding) in findings)
        {
            if (finding.Severity == PolicyFindingSeverity.Error && string.Equals(finding.Message, message, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

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
