using System.Collections.Immutable;

namespace Sts.Core.Tokens;

/// <summary>
/// A session tag: becomes <c>aws:PrincipalTag/KEY</c> for every request of the session. Keys compare
/// case-insensitively but keep the case they were given in. Under AWS rules a tag has exactly one value; under the
/// Ceph profile (<see cref="CephCompatibility.MultiValuedSessionTags"/>) a web identity token may give one key
/// several values, all kept in <see cref="AdditionalValues"/> and all seen by policies.
/// </summary>
/// <param name="Key">The tag key, 1 to 128 characters.</param>
/// <param name="Value">The tag value (the first one when the tag has several), 0 to 256 characters.</param>
public sealed record SessionTag(string Key, string Value)
{
    private readonly ImmutableArray<string> _additionalValues = [];

    /// <summary>Creates a tag with one or more values (the first is <see cref="Value"/>).</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="values">The values, at least one, in order.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public SessionTag(string key, IReadOnlyList<string> values)
        : this(key, FirstOf(values))
    {
        _additionalValues = values.Count == 1 ? [] : [.. values.Skip(1)];
    }

    /// <summary>The values after <see cref="Value"/>: empty under AWS rules (one value per key).</summary>
    public ImmutableArray<string> AdditionalValues
    {
        get => _additionalValues;
        init => _additionalValues = value.IsDefault ? [] : value;
    }

    /// <summary>Every value, <see cref="Value"/> first.</summary>
    public ImmutableArray<string> Values => _additionalValues.IsEmpty ? [Value] : [Value, .. _additionalValues];

    /// <summary>Equal when key (ordinal), first value and additional values are equal.</summary>
    /// <param name="other">The other tag.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(SessionTag? other) =>
        other is not null
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Value, other.Value, StringComparison.Ordinal)
        && _additionalValues.AsSpan().SequenceEqual(other._additionalValues.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Value, _additionalValues.Length);

    private static string FirstOf(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count > 0 ? values[0] : throw new ArgumentException("A session tag needs at least one value.", nameof(values));
    }
}
