namespace Sts.Policy.Evaluation;

/// <summary>What a <see cref="PatternToken"/> stands for.</summary>
internal enum PatternTokenKind
{
    Literal,
    Star,
    Question,
    Variable,
}

/// <summary>One piece of a compiled pattern: literal text, a <c>*</c> or <c>?</c> wildcard, or a policy variable <c>${key}</c> / <c>${key, 'default'}</c>.</summary>
internal readonly record struct PatternToken(PatternTokenKind Kind, string Text, string? Default)
{
    /// <summary>For a variable, its context key hashed once (see <see cref="RequestContext.Lookup"/>).</summary>
    public PrehashedKey Key { get; } = Kind == PatternTokenKind.Variable ? PrehashedKey.PolicyContextKey(Text) : default;
}
