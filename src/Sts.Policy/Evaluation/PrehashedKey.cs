namespace Sts.Policy.Evaluation;

/// <summary>
/// A string key with its hash computed once, when a policy is compiled or a request is built, so a lookup in a
/// <see cref="PrehashedTable{TValue}"/> hashes nothing. Context keys hash ignoring case; lower-cased actions and
/// services hash ordinally. A key is only looked up in a table of the same kind.
/// </summary>
internal readonly struct PrehashedKey
{
    private PrehashedKey(string text, int hash)
    {
        Text = text;
        Hash = hash;
    }

    public string Text { get; }

    public int Hash { get; }

    /// <summary>A key compared ordinally.</summary>
    public static PrehashedKey Ordinal(string text) => new(text, text.GetHashCode(StringComparison.Ordinal));

    /// <summary>A context key (compared ignoring case) named in a policy: a condition key or a policy variable.</summary>
    public static PrehashedKey PolicyContextKey(string text) => IgnoreCase(ContextKeyNames.ForPolicy(text));

    /// <summary>A context key (compared ignoring case) supplied by a request.</summary>
    public static PrehashedKey RequestContextKey(string text) => IgnoreCase(ContextKeyNames.ForRequest(text));

    private static PrehashedKey IgnoreCase(string text) => new(text, text.GetHashCode(StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => Text;
}
