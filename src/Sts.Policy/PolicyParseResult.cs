using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Sts.Policy;

/// <summary>
/// The outcome of parsing and validating a policy: a document when there is no error, and the findings
/// (errors and warnings) either way. It is never both successful and without a document.
/// </summary>
public sealed class PolicyParseResult
{
    private PolicyParseResult(PolicyDocument? document, ImmutableArray<PolicyFinding> findings)
    {
        Document = document;
        Findings = findings.IsDefault ? [] : findings;
    }

    /// <summary>The document, when <see cref="IsValid"/>.</summary>
    public PolicyDocument? Document { get; }

    /// <summary>Every finding, errors first in the order found, then warnings.</summary>
    public ImmutableArray<PolicyFinding> Findings { get; }

    /// <summary>True when there is no error; <see cref="Document"/> is then set.</summary>
    [MemberNotNullWhen(true, nameof(Document))]
    public bool IsValid => Document is not null;

    /// <summary>The first error, when the document is invalid.</summary>
    public PolicyFinding? FirstError
    {
        get
        {
            foreach (var finding in Findings)
            {
                if (finding.Severity == PolicyFindingSeverity.Error)
                {
                    return finding;
                }
            }

            return null;
        }
    }

    /// <summary>A successful result.</summary>
    /// <param name="document">The validated document.</param>
    /// <param name="warnings">Warnings, if any.</param>
    /// <returns>The result.</returns>
    public static PolicyParseResult Success(PolicyDocument document, ImmutableArray<PolicyFinding> warnings = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new PolicyParseResult(document, warnings);
    }

    /// <summary>A failed result.</summary>
    /// <param name="findings">The findings; at least one must be an error.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">No finding is an error.</exception>
    public static PolicyParseResult Failure(ImmutableArray<PolicyFinding> findings)
    {
        if (findings.IsDefaultOrEmpty || !findings.Any(f => f.Severity == PolicyFindingSeverity.Error))
        {
            throw new ArgumentException("A failed parse needs at least one error.", nameof(findings));
        }

        return new PolicyParseResult(null, findings);
    }
}
