namespace Sts.Core.Protocol;

/// <summary>
/// The values of a structure shape: a parsed operation input (already checked against the model) or an
/// output handed to <see cref="QueryResponseWriter"/>. Values are <see cref="string"/>, <see cref="int"/>,
/// <see cref="long"/>, <see cref="bool"/>, <see cref="DateTimeOffset"/>, <c>byte[]</c>,
/// <see cref="QueryStructure"/>, <see cref="IReadOnlyList{T}"/> of values (lists) and
/// <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to value (maps). Absent members have no entry.
/// </summary>
public sealed class QueryStructure
{
    private readonly Dictionary<string, object> _values;

    /// <summary>Creates a structure from member names and values; null values are left out.</summary>
    /// <param name="values">The members.</param>
    public QueryStructure(IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                _values[name] = value;
            }
        }
    }

    /// <summary>An empty structure.</summary>
    public static QueryStructure Empty { get; } = new([]);

    /// <summary>The names of the members present.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The number of members present.</summary>
    public int Count => _values.Count;

    /// <summary>True when the member is present.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>Whether a value is present.</returns>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>The raw value of a member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    public object? GetValue(string name) => _values.GetValueOrDefault(name);

    /// <summary>A string member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public string? GetString(string name) => Get<string>(name);

    /// <summary>An integer member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public int? GetInt32(string name) => GetStruct<int>(name);

    /// <summary>A long member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public long? GetInt64(string name) => GetStruct<long>(name);

    /// <summary>A boolean member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public bool? GetBoolean(string name) => GetStruct<bool>(name);

    /// <summary>A timestamp member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public DateTimeOffset? GetTimestamp(string name) => GetStruct<DateTimeOffset>(name);

    /// <summary>A blob member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public byte[]? GetBlob(string name) => Get<byte[]>(name);

    /// <summary>A structure member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public QueryStructure? GetStructure(string name) => Get<QueryStructure>(name);

    /// <summary>A list member, or null when absent (an empty list, <c>Tags=</c>, is present and empty).</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public IReadOnlyList<object>? GetList(string name) => Get<IReadOnlyList<object>>(name);

    /// <summary>A list of strings, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member is not a list of strings.</exception>
    public IReadOnlyList<string>? GetStringList(string name) => GetList(name)?.Select(Cast<string>).ToArray();

    /// <summary>A list of structures, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member is not a list of structures.</exception>
    public IReadOnlyList<QueryStructure>? GetStructureList(string name) => GetList(name)?.Select(Cast<QueryStructure>).ToArray();

    /// <summary>A map member, or null when absent.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The member holds another type.</exception>
    public IReadOnlyDictionary<string, object>? GetMap(string name) => Get<IReadOnlyDictionary<string, object>>(name);

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _values.Keys.Order(StringComparer.Ordinal)) + "}";

    private T? Get<T>(string name)
        where T : class => _values.TryGetValue(name, out var value) ? Cast<T>(value) : null;

    private T? GetStruct<T>(string name)
        where T : struct => _values.TryGetValue(name, out var value) ? Cast<T>(value) : null;

    private static T Cast<T>(object value) => value is T typed
        ? typed
        : throw new InvalidOperationException($"The value is a {value.GetType().Name}, not a {typeof(T).Name}.");
}
