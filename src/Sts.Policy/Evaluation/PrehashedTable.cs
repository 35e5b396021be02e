using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Sts.Policy.Evaluation;

/// <summary>
/// A small read-only table of string keys looked up with a <see cref="PrehashedKey"/>: one masked index, an
/// int compare and one string equality (usually a reference check), with linear probing. Built once; thread-safe.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class PrehashedTable<TValue>
{
    // Entry index + 1 per bucket; 0 marks an empty bucket. At most half full, so a probe always ends.
    private readonly int[] _buckets;
    private readonly PrehashedKey[] _keys;
    private readonly TValue[] _values;
    private readonly bool _ignoreCase;
    private readonly int _mask;

    /// <summary>Builds the table; the keys must be distinct under the comparison.</summary>
    /// <param name="entries">The keys and values.</param>
    /// <param name="ignoreCase">True for context keys (hashed ignoring case), false for ordinal keys.</param>
    public PrehashedTable(IEnumerable<KeyValuePair<PrehashedKey, TValue>> entries, bool ignoreCase)
    {
        var list = entries as IReadOnlyList<KeyValuePair<PrehashedKey, TValue>> ?? entries.ToList();
        _ignoreCase = ignoreCase;
        _keys = new PrehashedKey[list.Count];
        _values = new TValue[list.Count];
        for (var i = 0; i < _keys.Length; i++)
        {
            (_keys[i], _values[i]) = (list[i].Key, list[i].Value);
        }

        _buckets = new int[BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, list.Count * 2))];
        _mask = _buckets.Length - 1;
        for (var entry = 0; entry < _keys.Length; entry++)
        {
            var i = _keys[entry].Hash & _mask;
            while (_buckets[i] != 0)
            {
                i = (i + 1) & _mask;
            }

            _buckets[i] = entry + 1;
        }
    }

    public static PrehashedTable<TValue> Empty { get; } = new([], ignoreCase: false);

    public bool TryGetValue(PrehashedKey key, [MaybeNullWhen(false)] out TValue value)
    {
        var i = key.Hash & _mask;
        while (true)
        {
            var entry = _buckets[i] - 1;
            if (entry < 0)
            {
                value = default;
                return false;
            }

            var candidate = _keys[entry];
            if (candidate.Hash == key.Hash && (ReferenceEquals(candidate.Text, key.Text) || SameText(candidate.Text, key.Text)))
            {
                value = _values[entry];
                return true;
            }

            i = (i + 1) & _mask;
        }
    }

    private bool SameText(string a, string b) => _ignoreCase ? string.Equals(a, b, StringComparison.OrdinalIgnoreCase) : string.Equals(a, b);
}
