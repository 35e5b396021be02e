using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>The <c>Resource</c> or <c>NotResource</c> element of a statement.</summary>
public sealed class ResourceElement
{
    /// <summary>Creates a resource element.</summary>
    /// <param name="isNot">True for <c>NotResource</c>.</param>
    /// <param name="patterns">The resource patterns as written (ARNs with wildcards and policy variables, or <c>*</c>), in document order.</param>
    public ResourceElement(bool isNot, ImmutableArray<string> patterns)
    {
        IsNot = isNot;
        Patterns = patterns.IsDefault ? [] : patterns;
    }

    /// <summary>True for <c>NotResource</c>.</summary>
    public bool IsNot { get; }

    /// <summary>The resource patterns as written. Matched case-sensitively.</summary>
    public ImmutableArray<string> Patterns { get; }
}
