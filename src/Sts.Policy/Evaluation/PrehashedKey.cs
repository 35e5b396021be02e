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

    /// <summary>A key compared ignoring case, as context keys are.</summary>
    public static PrehashedKey IgnoreCase(string text) => new(text, text.GetHashCode(StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => Text;
}
