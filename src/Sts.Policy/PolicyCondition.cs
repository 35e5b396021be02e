using System.Collections.Immutable;

namespace Sts.Policy;

/// <summary>One operator/key pair of a <c>Condition</c> block with its values (OR-ed, or NOR-ed for a negated operator).</summary>
public sealed class PolicyCondition
{
    /// <summary>Creates a condition.</summary>
    /// <param name="operator">The parsed operator.</param>
    /// <param name="key">The condition key as written (matched case-insensitively).</param>
    /// <param name="values">The values as written, in document order.</param>
    public PolicyCondition(ConditionOperator @operator, string key, ImmutableArray<ConditionValue> values)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        ArgumentNullException.ThrowIfNull(key);
        Operator = @operator;
        Key = key;
        Values = values.IsDefault ? [] : values;
    }

    /// <summary>The parsed operator.</summary>
    public ConditionOperator Operator { get; }

    /// <summary>The condition key as written, e.g. <c>aws:SourceIp</c> or <c>s3:prefix</c>.</summary>
    public string Key { get; }

    /// <summary>The values as written.</summary>
    public ImmutableArray<ConditionValue> Values { get; }
}
