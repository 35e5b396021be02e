namespace Sts.Policy.Evaluation;

/// <summary>
/// A resource or <c>Arn*</c> condition pattern, compiled once: split into its <c>:</c>-separated parts
/// (at most six; colons inside <c>${...}</c> do not split), each a <see cref="GlobPattern"/>. A wildcard
/// stays inside its part, except in the last part, which takes the rest of the ARN including any
/// further colons and slashes. As a resource, <c>*</c> alone matches anything; any other pattern with
/// fewer than six parts matches nothing (an <c>Arn*</c> condition value is always compared part by part).
/// Case-sensitive.
/// </summary>
internal sealed class ArnPattern
{
    private readonly GlobPattern[] _parts;

    private readonly string _literalPrefix;

    // The leading parts wholly inside the literal prefix: already matched once the prefix is, and where the
    // next part starts (the literal prefix fixes the position of its colons in the ARN).
    private readonly int _literalParts;
    private readonly int _restStart;

    // When the literal prefix holds all five colons, only the rest of the last part is left to match.
    private readonly GlobPattern? _tail;

    private ArnPattern(string text, GlobPattern[] parts, bool everything, bool variables)
    {
        // Everything before the first wildcard or variable must appear literally (colons included), so a
        // request that does not start with it is rejected with one comparison.
        var stop = text.AsSpan().IndexOfAny(variables ? "*?$" : "*?");
        _literalPrefix = everything ? string.Empty : stop < 0 ? text : text[..stop];
        _literalParts = Math.Min(_literalPrefix.AsSpan().Count(':'), parts.Length - 1);
        for (var i = 0; i < _literalParts; i++)
        {
            _restStart = _literalPrefix.IndexOf(':', _restStart) + 1;
        }
        NeverMatches = !everything && parts.Length < 6;
        _tail = !NeverMatches && !everything && _literalPrefix.AsSpan().Count(':') >= 5
            ? GlobPattern.Compile(text[_literalPrefix.Length..], wildcards: true, variables)
            : null;
        Text = text;
        _parts = parts;
        MatchesEverything = everything;
        HasVariables = parts.Any(p => p.HasVariables);
    }

    public string Text { get; }

    public bool MatchesEverything { get; }

    public bool NeverMatches { get; }

    public bool HasVariables { get; }

    public IEnumerable<string> VariableKeys => _parts.SelectMany(p => p.VariableKeys);

    public static ArnPattern Compile(string text, bool variables, bool isResource)
    {
        if (text == "*" && isResource)
        {
            return new ArnPattern(text, [GlobPattern.Compile(text, wildcards: true, variables: false)], everything: true, variables: false);
        }

        var parts = new List<GlobPattern>(6);
        var start = 0;
        var depth = 0;
        for (var i = 0; i < text.Length && parts.Count < 5; i++)
        {
            if (variables && text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (depth > 0 && text[i] == '}')
            {
                depth--;
            }
            else if (depth == 0 && text[i] == ':')
            {
                parts.Add(GlobPattern.Compile(text[start..i], wildcards: true, variables));
                start = i + 1;
            }
        }

        parts.Add(GlobPattern.Compile(text[start..], wildcards: true, variables));
        return new ArnPattern(text, [.. parts], everything: false, variables);
    }

    /// <summary>Matches an ARN; false with <paramref name="unresolvedKey"/> set when a variable has no value.</summary>
    public bool Matches(ReadOnlySpan<char> arn, RequestContext request, out string? unresolvedKey)
    {
        unresolvedKey = null;
        if (MatchesEverything)
        {
            return true;
        }

        if (NeverMatches || !arn.StartsWith(_literalPrefix.AsSpan()))
        {
            return false;
        }

        if (_tail is not null)
        {
            return _tail.Matches(arn[_literalPrefix.Length..], request, ignoreCase: false, out unresolvedKey);
        }

        var rest = arn[_restStart..];

        for (var i = _literalParts; i < _parts.Length - 1; i++)
        {
            var colon = rest.IndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            if (!_parts[i].Matches(rest[..colon], request, ignoreCase: false, out unresolvedKey))
            {
                return false;
            }

            rest = rest[(colon + 1)..];
        }

        return _parts[^1].Matches(rest, request, ignoreCase: false, out unresolvedKey);
    }

    public override string ToString() => Text;
}
