namespace Sts.Policy;

/// <summary>The 27 base condition operators of the IAM policy language.</summary>
public enum ConditionOperatorKind
{
    /// <summary><c>StringEquals</c>.</summary>
    StringEquals,
    /// <summary><c>StringNotEquals</c>.</summary>
    StringNotEquals,
    /// <summary><c>StringEqualsIgnoreCase</c>.</summary>
    StringEqualsIgnoreCase,
    /// <summary><c>StringNotEqualsIgnoreCase</c>.</summary>
    StringNotEqualsIgnoreCase,
    /// <summary><c>StringLike</c>.</summary>
    StringLike,
    /// <summary><c>StringNotLike</c>.</summary>
    StringNotLike,
    /// <summary><c>NumericEquals</c>.</summary>
    NumericEquals,
    /// <summary><c>NumericNotEquals</c>.</summary>
    NumericNotEquals,
    /// <summary><c>NumericLessThan</c>.</summary>
    NumericLessThan,
    /// <summary><c>NumericLessThanEquals</c>.</summary>
    NumericLessThanEquals,
    /// <summary><c>NumericGreaterThan</c>.</summary>
    NumericGreaterThan,
    /// <summary><c>NumericGreaterThanEquals</c>.</summary>
    NumericGreaterThanEquals,
    /// <summary><c>DateEquals</c>.</summary>
    DateEquals,
    /// <summary><c>DateNotEquals</c>.</summary>
    DateNotEquals,
    /// <summary><c>DateLessThan</c>.</summary>
    DateLessThan,
    /// <summary><c>DateLessThanEquals</c>.</summary>
    DateLessThanEquals,
    /// <summary><c>DateGreaterThan</c>.</summary>
    DateGreaterThan,
    /// <summary><c>DateGreaterThanEquals</c>.</summary>
    DateGreaterThanEquals,
    /// <summary><c>Bool</c>.</summary>
    Bool,
    /// <summary><c>BinaryEquals</c>.</summary>
    BinaryEquals,
    /// <summary><c>IpAddress</c>.</summary>
    IpAddress,
    /// <summary><c>NotIpAddress</c>.</summary>
    NotIpAddress,
    /// <summary><c>ArnEquals</c>.</summary>
    ArnEquals,
    /// <summary><c>ArnLike</c>.</summary>
    ArnLike,
    /// <summary><c>ArnNotEquals</c>.</summary>
    ArnNotEquals,
    /// <summary><c>ArnNotLike</c>.</summary>
    ArnNotLike,
    /// <summary><c>Null</c>.</summary>
    Null,
}
