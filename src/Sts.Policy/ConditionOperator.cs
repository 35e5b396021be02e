using System.Diagnostics.CodeAnalysis;

namespace Sts.Policy;

/// <summary>
/// A parsed condition operator: the base operator, an optional <c>ForAllValues:</c>/<c>ForAnyValue:</c>
/// qualifier and an optional <c>IfExists</c> suffix, e.g. <c>ForAnyValue:StringLikeIfExists</c>.
/// </summary>
public sealed record ConditionOperator
{
    private ConditionOperator(ConditionOperatorKind kind, SetQualifier qualifier, bool ifExists, string text)
    {
        Kind = kind;
        Qualifier = qualifier;
        IfExists = ifExists;
        Text = text;
    }

    /// <summary>The base operator.</summary>
    public ConditionOperatorKind Kind { get; }

    /// <summary>The set qualifier prefix, if any.</summary>
    public SetQualifier Qualifier { get; }

    /// <summary>True when the operator ends in <c>IfExists</c>: an absent key makes the condition true.</summary>
    public bool IfExists { get; }

    /// <summary>The operator as written in the policy.</summary>
    public string Text { get; }

    /// <summary>True for the negated operators (<c>StringNotEquals</c>, <c>NotIpAddress</c>, <c>ArnNotLike</c>, ...), whose values are NOR-ed.</summary>
    public bool IsNegated => Kind is ConditionOperatorKind.StringNotEquals or ConditionOperatorKind.StringNotEqualsIgnoreCase
        or ConditionOperatorKind.StringNotLike or ConditionOperatorKind.NumericNotEquals or ConditionOperatorKind.DateNotEquals
        or ConditionOperatorKind.NotIpAddress or ConditionOperatorKind.ArnNotEquals or ConditionOperatorKind.ArnNotLike;

    /// <summary>Parses an operator name. Operator names are case-sensitive, as in AWS.</summary>
    /// <param name="text">The operator as written, e.g. <c>ForAllValues:StringEqualsIfExists</c>.</param>
    /// <param name="result">The parsed operator when the name is known.</param>
    /// <returns>True when <paramref name="text"/> names a known operator.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ConditionOperator? result)
    {
        result = null;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var rest = text.AsSpan();
        var qualifier = SetQualifier.None;
        if (rest.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }
        else if (rest.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }

        var ifExists = false;
        if (rest.EndsWith("IfExists", StringComparison.Ordinal))
        {
            ifExists = true;
            rest = rest[..^"IfExists".Length];
        }

        if (!Enum.TryParse(rest, ignoreCase: false, out ConditionOperatorKind kind)
            || !Enum.IsDefined(kind)
            || !char.IsAsciiLetterUpper(rest[0])
            || (ifExists && kind == ConditionOperatorKind.Null))
        {
            return false;
        }

        result = new ConditionOperator(kind, qualifier, ifExists, text);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
