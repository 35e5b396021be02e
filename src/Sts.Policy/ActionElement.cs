using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>The <c>Action</c> or <c>NotAction</c> element of a statement.</summary>
public sealed class ActionElement
{
    /// <summary>Creates an action element.</summary>
    /// <param name="isNot">True for <c>NotAction</c>.</param>
    /// <param name="patterns">The action patterns as written (<c>s3:Get*</c>, <c>*</c>), in document order.</param>
    public ActionElement(bool isNot, ImmutableArray<string> patterns)
    {
        IsNot = isNot;
        Patterns = patterns.IsDefault ? [] : patterns;
    }

    /// <summary>True for <c>NotAction</c>.</summary>
    public bool IsNot { get; }

    /// <summary>The action patterns as written: <c>vendor:Action</c> with <c>*</c> and <c>?</c> wildcards, or <c>*</c>. Matched case-insensitively.</summary>
    public ImmutableArray<string> Patterns { get; }
}
