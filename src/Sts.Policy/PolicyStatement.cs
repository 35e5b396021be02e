using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>One statement of a policy document. Immutable; produced by the parser after validation.</summary>
public sealed class PolicyStatement
{
    /// <summary>Creates a statement.</summary>
    /// <param name="index">The zero-based position of the statement in the document.</param>
    /// <param name="sid">The <c>Sid</c>, or null when absent.</param>
    /// <param name="effect">The <c>Effect</c>.</param>
    /// <param name="principal">The <c>Principal</c>/<c>NotPrincipal</c> element, or null when absent.</param>
    /// <param name="action">The <c>Action</c>/<c>NotAction</c> element, or null when absent.</param>
    /// <param name="resource">The <c>Resource</c>/<c>NotResource</c> element, or null when absent (trust policies).</param>
    /// <param name="conditions">The conditions, flattened to operator/key pairs in document order (AND-ed).</param>
    public PolicyStatement(
        int index,
        string? sid,
        PolicyEffect effect,
        PrincipalElement? principal,
        ActionElement? action,
        ResourceElement? resource,
        ImmutableArray<PolicyCondition> conditions)
    {
        Index = index;
        Sid = sid;
        Effect = effect;
        Principal = principal;
        Action = action;
        Resource = resource;
        Conditions = conditions.IsDefault ? [] : conditions;
    }

    /// <summary>The zero-based position of the statement in the document.</summary>
    public int Index { get; }

    /// <summary>The <c>Sid</c>, or null when absent.</summary>
    public string? Sid { get; }

    /// <summary>The <c>Effect</c>.</summary>
    public PolicyEffect Effect { get; }

    /// <summary>The <c>Principal</c>/<c>NotPrincipal</c> element, or null when absent.</summary>
    public PrincipalElement? Principal { get; }

    /// <summary>The <c>Action</c>/<c>NotAction</c> element, or null when absent.</summary>
    public ActionElement? Action { get; }

    /// <summary>The <c>Resource</c>/<c>NotResource</c> element, or null when absent.</summary>
    public ResourceElement? Resource { get; }

    /// <summary>The conditions, one per operator/key pair, AND-ed.</summary>
    public ImmutableArray<PolicyCondition> Conditions { get; }
}
