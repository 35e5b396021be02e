namespace Sts.Policy;

/// <summary>The JSON type a condition value was written with.</summary>
public enum ConditionValueKind
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number (kept as its literal text).</summary>
    Number,

    /// <summary>A JSON <c>true</c> or <c>false</c>.</summary>
    Boolean,
}
