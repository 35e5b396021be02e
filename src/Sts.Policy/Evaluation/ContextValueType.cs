namespace Sts.Policy.Evaluation;

/// <summary>How a request context value is read (IAM's <c>ContextKeyType</c> without the <c>List</c> suffix).</summary>
public enum ContextValueType
{
    /// <summary>A string (<c>string</c>, <c>stringList</c>).</summary>
    String,

    /// <summary>A decimal number (<c>numeric</c>, <c>numericList</c>).</summary>
    Numeric,

    /// <summary><c>true</c> or <c>false</c> (<c>boolean</c>, <c>booleanList</c>).</summary>
    Boolean,

    /// <summary>A W3C ISO 8601 date-time or epoch seconds (<c>date</c>, <c>dateList</c>).</summary>
    Date,

    /// <summary>An IPv4 or IPv6 address (<c>ip</c>, <c>ipList</c>).</summary>
    IpAddress,

    /// <summary>Base64-encoded bytes (<c>binary</c>, <c>binaryList</c>).</summary>
    Binary,

    /// <summary>An ARN, compared segment by segment by the <c>Arn*</c> operators.</summary>
    Arn,
}
