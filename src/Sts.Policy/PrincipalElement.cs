using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>The <c>Principal</c> or <c>NotPrincipal</c> element of a statement.</summary>
public sealed class PrincipalElement
{
    /// <summary>Creates a principal element.</summary>
    /// <param name="isNot">True for <c>NotPrincipal</c>.</param>
    /// <param name="isWildcard">True when the element is the bare string <c>"*"</c>.</param>
    /// <param name="principals">The principals of the map form, in document order; empty for the wildcard form.</param>
    public PrincipalElement(bool isNot, bool isWildcard, ImmutableArray<PolicyPrincipal> principals)
    {
        IsNot = isNot;
        IsWildcard = isWildcard;
        Principals = principals.IsDefault ? [] : principals;
    }

    /// <summary>True for <c>NotPrincipal</c>, false for <c>Principal</c>.</summary>
    public bool IsNot { get; }

    /// <summary>True when the element is the bare string <c>"*"</c> (everyone, anonymous included).</summary>
    public bool IsWildcard { get; }

    /// <summary>The principals of the map form, in document order (OR-ed).</summary>
    public ImmutableArray<PolicyPrincipal> Principals { get; }
}
