using System.Text.RegularExpressions;

namespace Sts.Core.Protocol;

/// <summary>
/// A shape of a botocore service model with the constraints the service enforces: length or value
/// range (<c>min</c>/<c>max</c>), regular expression, enumeration, members (structures), element
/// (lists), key and value (maps).
/// </summary>
public sealed class QueryShape
{
    private IReadOnlyList<QueryMember> _members = [];
    private Dictionary<string, QueryMember> _membersByName = new(StringComparer.Ordinal);
    private readonly Lazy<Regex?> _regex;

    internal QueryShape(string name, QueryShapeKind kind, long? min, long? max, string? pattern, IReadOnlyList<string>? enumValues, bool isSensitive)
    {
        Name = name;
        Kind = kind;
        Min = min;
        Max = max;
        Pattern = pattern;
        EnumValues = enumValues;
        IsSensitive = isSensitive;
        _regex = new Lazy<Regex?>(() => pattern is null ? null : QueryPattern.Compile(pattern), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The shape name in the model (<c>roleSessionNameType</c>).</summary>
    public string Name { get; }

    /// <summary>The shape's type.</summary>
    public QueryShapeKind Kind { get; }

    /// <summary>Minimum length (strings, blobs), count (lists) or value (numbers), when constrained.</summary>
    public long? Min { get; }

    /// <summary>Maximum length (strings, blobs), count (lists) or value (numbers), when constrained.</summary>
    public long? Max { get; }

    /// <summary>The model's regular expression (Java syntax, whole-value match), when constrained.</summary>
    public string? Pattern { get; }

    /// <summary>The allowed values of an enumerated string, or null.</summary>
    public IReadOnlyList<string>? EnumValues { get; }

    /// <summary>True when the model marks the value sensitive: it is never quoted in messages.</summary>
    public bool IsSensitive { get; }

    /// <summary>True for IAM policy documents (<c>policyDocumentType</c>), which IAM writes URL-encoded.</summary>
    public bool IsPolicyDocument => Name == "policyDocumentType";

    /// <summary>The members of a structure, in model order (empty for other shapes).</summary>
    public IReadOnlyList<QueryMember> Members => _members;

    /// <summary>The element shape of a list, or null.</summary>
    public QueryShape? Element { get; private set; }

    /// <summary>The key shape of a map, or null.</summary>
    public QueryShape? MapKey { get; private set; }

    /// <summary>The value shape of a map, or null.</summary>
    public QueryShape? MapValue { get; private set; }

    internal Regex? Regex => _regex.Value;

    /// <summary>Finds a member of a structure by its exact name.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The member, or null when the structure has none of that name.</returns>
    public QueryMember? FindMember(string name) => _membersByName.GetValueOrDefault(name);

    internal void Complete(IReadOnlyList<QueryMember> members, QueryShape? element, QueryShape? mapKey, QueryShape? mapValue)
    {
        _members = members;
        _membersByName = members.ToDictionary(m => m.Name, StringComparer.Ordinal);
        Element = element;
        MapKey = mapKey;
        MapValue = mapValue;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind})";
}
