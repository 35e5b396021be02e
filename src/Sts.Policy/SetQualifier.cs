namespace Sts.Policy;

/// <summary>The set-operator prefix of a condition operator.</summary>
public enum SetQualifier
{
    /// <summary>No prefix: single-valued semantics (any request value matching any policy value).</summary>
    None,

    /// <summary><c>ForAllValues:</c> every request value must match; true when the key is absent or empty.</summary>
    ForAllValues,

    /// <summary><c>ForAnyValue:</c> at least one request value must match; false when the key is absent or empty.</summary>
    ForAnyValue,
}
