using System.Collections.Frozen;

namespace Sts.Policy.Evaluation;

/// <summary>What an operator compares.</summary>
internal enum ConditionFamily
{
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

/// <summary>How an operator compares a request value with a policy value.</summary>
internal enum ConditionComparison
{
    Equals,
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
    InRange,
    Present,
}

/// <summary>One row of the operator table.</summary>
internal sealed record ConditionOperatorDefinition(ConditionFamily Family, ConditionComparison Comparison, bool Negated, bool IgnoreCase, bool AllowsVariables);

/// <summary>The single table of the 27 base operators; evaluation dispatches on its rows.</summary>
internal static class ConditionOperatorRegistry
{
    public static FrozenDictionary<ConditionOperatorKind, ConditionOperatorDefinition> Definitions { get; } = new Dictionary<ConditionOperatorKind, ConditionOperatorDefinition>
    {
        [ConditionOperatorKind.StringEquals] = new(ConditionFamily.String, ConditionComparison.Equals, false, false, true),
        [ConditionOperatorKind.StringNotEquals] = new(ConditionFamily.String, ConditionComparison.Equals, true, false, true),
        [ConditionOperatorKind.StringEqualsIgnoreCase] = new(ConditionFamily.String, ConditionComparison.Equals, false, true, true),
        [ConditionOperatorKind.StringNotEqualsIgnoreCase] = new(ConditionFamily.String, ConditionComparison.Equals, true, true, true),
        [ConditionOperatorKind.StringLike] = new(ConditionFamily.String, ConditionComparison.Like, false, false, true),
        [ConditionOperatorKind.StringNotLike] = new(ConditionFamily.String, ConditionComparison.Like, true, false, true),
        [ConditionOperatorKind.NumericEquals] = new(ConditionFamily.Numeric, ConditionComparison.Equals, false, false, false),
        [ConditionOperatorKind.NumericNotEquals] = new(ConditionFamily.Numeric, ConditionComparison.Equals, true, false, false),
        [ConditionOperatorKind.NumericLessThan] = new(ConditionFamily.Numeric, ConditionComparison.LessThan, false, false, false),
        [ConditionOperatorKind.NumericLessThanEquals] = new(ConditionFamily.Numeric, ConditionComparison.LessThanEquals, false, false, false),
        [ConditionOperatorKind.NumericGreaterThan] = new(ConditionFamily.Numeric, ConditionComparison.GreaterThan, false, false, false),
        [ConditionOperatorKind.NumericGreaterThanEquals] = new(ConditionFamily.Numeric, ConditionComparison.GreaterThanEquals, false, false, false),
        [ConditionOperatorKind.DateEquals] = new(ConditionFamily.Date, ConditionComparison.Equals, false, false, false),
        [ConditionOperatorKind.DateNotEquals] = new(ConditionFamily.Date, ConditionComparison.Equals, true, false, false),
        [ConditionOperatorKind.DateLessThan] = new(ConditionFamily.Date, ConditionComparison.LessThan, false, false, false),
        [ConditionOperatorKind.DateLessThanEquals] = new(ConditionFamily.Date, ConditionComparison.LessThanEquals, false, false, false),
        [ConditionOperatorKind.DateGreaterThan] = new(ConditionFamily.Date, ConditionComparison.GreaterThan, false, false, false),
        [ConditionOperatorKind.DateGreaterThanEquals] = new(ConditionFamily.Date, ConditionComparison.GreaterThanEquals, false, false, false),
        [ConditionOperatorKind.Bool] = new(ConditionFamily.Bool, ConditionComparison.Equals, false, false, false),
        [ConditionOperatorKind.BinaryEquals] = new(ConditionFamily.Binary, ConditionComparison.Equals, false, false, false),
        [ConditionOperatorKind.IpAddress] = new(ConditionFamily.Ip, ConditionComparison.InRange, false, false, false),
        [ConditionOperatorKind.NotIpAddress] = new(ConditionFamily.Ip, ConditionComparison.InRange, true, false, false),
        [ConditionOperatorKind.ArnEquals] = new(ConditionFamily.Arn, ConditionComparison.Like, false, false, true),
        [ConditionOperatorKind.ArnLike] = new(ConditionFamily.Arn, ConditionComparison.Like, false, false, true),
        [ConditionOperatorKind.ArnNotEquals] = new(ConditionFamily.Arn, ConditionComparison.Like, true, false, true),
        [ConditionOperatorKind.ArnNotLike] = new(ConditionFamily.Arn, ConditionComparison.Like, true, false, true),
        [ConditionOperatorKind.Null] = new(ConditionFamily.Null, ConditionComparison.Present, false, false, false),
    }.ToFrozenDictionary();
}
