using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sts.Policy.Evaluation;

/// <summary>
/// A pattern compiled once: literal text, <c>*</c>/<c>?</c> wildcards (when the context allows them) and
/// policy variables (2012-10-17 documents only). Matching allocates nothing: variables are looked up in
/// the request and matched in place; their values are literal text, never wildcards.
/// </summary>
internal sealed class GlobPattern
{
    private static readonly System.Buffers.SearchValues<char> ForbiddenInKey = System.Buffers.SearchValues.Create(" '\"{}$");

    [ThreadStatic]
    private static string?[]? t_resolved;

    private readonly PatternToken[] _tokens;
    private readonly Shape _shape;
    private readonly string _literal;

    private GlobPattern(string text, PatternToken[] tokens)
    {
        Text = text;
        _tokens = tokens;
        HasVariables = tokens.Any(t => t.Kind == PatternTokenKind.Variable);
        VariableKeys = [.. tokens.Where(t => t.Kind == PatternTokenKind.Variable).Select(t => t.Text)];
        _literal = string.Empty;
        if (tokens.Length == 0)
        {
            _shape = Shape.Exact;
        }
        else if (tokens.Length == 1 && tokens[0].Kind == PatternTokenKind.Star)
        {
            _shape = Shape.Everything;
        }
        else if (tokens.Length == 1 && tokens[0].Kind == PatternTokenKind.Literal)
        {
            _shape = Shape.Exact;
            _literal = tokens[0].Text;
        }
        else if (tokens.Length == 2 && tokens[0].Kind == PatternTokenKind.Literal && tokens[1].Kind == PatternTokenKind.Star)
        {
            _shape = Shape.Prefix;
            _literal = tokens[0].Text;
        }
        else
        {
            _shape = Shape.General;
        }
    }

    private enum Shape
    {
        Exact,
        Prefix,
        Everything,
        General,
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    public bool HasVariables { get; }

    public bool MatchesEverything => _shape == Shape.Everything;

    /// <summary>The context keys named by variables in the pattern.</summary>
    public ImmutableArray<string> VariableKeys { get; }

    /// <summary>The literal text before the first wildcard or variable (the whole pattern when it has none).</summary>
    public string LiteralPrefix => _tokens.Length > 0 && _tokens[0].Kind == PatternTokenKind.Literal ? _tokens[0].Text : string.Empty;

    /// <summary>True when the pattern has no wildcard and no variable.</summary>
    public bool IsLiteral => _shape == Shape.Exact;

    /// <summary>Compiles a pattern.</summary>
    /// <param name="text">The pattern text.</param>
    /// <param name="wildcards">True when <c>*</c> and <c>?</c> are wildcards (Like operators, actions, resources).</param>
    /// <param name="variables">True when <c>${...}</c> is a policy variable (2012-10-17 documents, in elements that allow them).</param>
    /// <param name="lowerCase">True to lower-case literal text (actions, matched case-insensitively against lower-cased requests).</param>
    public static GlobPattern Compile(string text, bool wildcards, bool variables, bool lowerCase = false)
    {
        var tokens = new List<PatternToken>();
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0)
            {
                var s = literal.ToString();
                tokens.Add(new PatternToken(PatternTokenKind.Literal, lowerCase ? s.ToLowerInvariant() : s, null));
                literal.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (wildcards && (c == '*' || c == '?'))
            {
                Flush();
                var kind = c == '*' ? PatternTokenKind.Star : PatternTokenKind.Question;
                if (kind == PatternTokenKind.Star && tokens.Count > 0 && tokens[^1].Kind == PatternTokenKind.Star)
                {
                    continue;
                }

                tokens.Add(new PatternToken(kind, string.Empty, null));
                continue;
            }

            if (variables && c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close > i + 1 && TryParseVariable(text.AsSpan(i + 2, close - i - 2), out var escape, out var key, out var fallback))
                {
                    if (escape != '\0')
                    {
                        literal.Append(escape);
                    }
                    else
                    {
                        Flush();
                        tokens.Add(new PatternToken(PatternTokenKind.Variable, key!, fallback));
                    }

                    i = close;
                    continue;
                }
            }

            literal.Append(c);
        }

        Flush();
        return new GlobPattern(text, [.. tokens]);
    }

    /// <summary>Reads the inside of <c>${...}</c>: an escape (<c>*</c>, <c>?</c>, <c>$</c>), or a key with an optional <c>, 'default'</c>.</summary>
    internal static bool TryParseVariable(ReadOnlySpan<char> inner, out char escape, out string? key, out string? fallback)
    {
        escape = '\0';
        key = null;
        fallback = null;
        if (inner is "*" or "?" or "$")
        {
            escape = inner[0];
            return true;
        }

        var comma = inner.IndexOf(',');
        var keyPart = (comma >= 0 ? inner[..comma] : inner).Trim();
        if (keyPart.IsEmpty || keyPart.ContainsAny(ForbiddenInKey))
        {
            return false;
        }

        if (comma >= 0)
        {
            var rest = inner[(comma + 1)..].Trim();
            if (rest.Length < 2 || rest[0] != '\'' || rest[^1] != '\'' || rest[1..^1].Contains('\''))
            {
                return false;
            }

            fallback = rest[1..^1].ToString();
        }

        key = keyPart.ToString();
        return true;
    }

    /// <summary>Matches <paramref name="input"/>. Returns false, and names the key in <paramref name="unresolvedKey"/>, when a variable has no single value and no default.</summary>
    public bool Matches(ReadOnlySpan<char> input, RequestContext request, bool ignoreCase, out string? unresolvedKey)
    {
        unresolvedKey = null;
        switch (_shape)
        {
            case Shape.Everything:
                return true;
            case Shape.Exact:
                return ignoreCase ? input.Equals(_literal, StringComparison.OrdinalIgnoreCase) : input.SequenceEqual(_literal);
            case Shape.Prefix:
                return ignoreCase ? input.StartsWith(_literal, StringComparison.OrdinalIgnoreCase) : input.StartsWith(_literal.AsSpan());
            default:
                return MatchesGeneral(input, request, ignoreCase, out unresolvedKey);
        }
    }

    // Out of line, so the common shapes above stay a short method.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool MatchesGeneral(ReadOnlySpan<char> input, RequestContext request, bool ignoreCase, out string? unresolvedKey)
    {
        unresolvedKey = null;

        // Up to the first '*' nothing can backtrack: compare whole tokens (vectorised StartsWith).
        var ti = 0;
        var si = 0;
        while (ti < _tokens.Length && _tokens[ti].Kind != PatternTokenKind.Star)
        {
            var token = _tokens[ti];
            if (token.Kind == PatternTokenKind.Question)
            {
                if (si >= input.Length)
                {
                    return false;
                }

                si++;
            }
            else
            {
                var text = token.Kind == PatternTokenKind.Literal ? token.Text : Resolve(token, request);
                if (text is null)
                {
                    unresolvedKey = token.Text;
                    return false;
                }

                if (!(ignoreCase ? input[si..].StartsWith(text, StringComparison.OrdinalIgnoreCase) : input[si..].StartsWith(text.AsSpan())))
                {
                    return false;
                }

                si += text.Length;
            }

            ti++;
        }

        if (ti == _tokens.Length)
        {
            return si == input.Length;
        }

        if (ti == _tokens.Length - 1)
        {
            return true;
        }

        var resolved = t_resolved;
        if (resolved is null || resolved.Length < _tokens.Length)
        {
            resolved = t_resolved = new string?[Math.Max(16, _tokens.Length)];
        }

        for (var i = ti; i < _tokens.Length; i++)
        {
            if (_tokens[i].Kind == PatternTokenKind.Variable)
            {
                resolved[i] = Resolve(_tokens[i], request);
                if (resolved[i] is null)
                {
                    unresolvedKey = _tokens[i].Text;
                    return false;
                }
            }
        }

        return Glob(_tokens, ti, resolved, input[si..], ignoreCase);
    }

    /// <summary>A variable's value: the key's single value, else its default; null when it has neither (or several values).</summary>
    private static string? Resolve(PatternToken token, RequestContext request)
    {
        var values = request.Lookup(token.Key);
        return values.Length == 1 ? values[0].Text : values.Length == 0 ? token.Default : null;
    }

    private static bool Glob(ReadOnlySpan<PatternToken> tokens, int firstToken, string?[] resolved, ReadOnlySpan<char> input, bool ignoreCase)
    {
        int ti = firstToken, to = 0, si = 0, starTi = -1, starSi = 0;
        while (si < input.Length)
        {
            if (ti < tokens.Length)
            {
                var token = tokens[ti];
                if (token.Kind == PatternTokenKind.Star)
                {
                    starTi = ti + 1;
                    starSi = si;
                    ti++;
                    to = 0;
                    continue;
                }

                if (token.Kind == PatternTokenKind.Question)
                {
                    ti++;
                    to = 0;
                    si++;
                    continue;
                }

                var text = token.Kind == PatternTokenKind.Literal ? token.Text : resolved[ti]!;
                if (to >= text.Length)
                {
                    ti++;
                    to = 0;
                    continue;
                }

                if (SameChar(text[to], input[si], ignoreCase))
                {
                    to++;
                    si++;
                    if (to == text.Length)
                    {
                        ti++;
                        to = 0;
                    }

                    continue;
                }
            }

            if (starTi < 0)
            {
                return false;
            }

            ti = starTi;
            to = 0;
            si = ++starSi;
        }

        while (ti < tokens.Length)
        {
            var token = tokens[ti];
            if (token.Kind == PatternTokenKind.Star)
            {
                ti++;
                to = 0;
                continue;
            }

            if (token.Kind != PatternTokenKind.Question)
            {
                var text = token.Kind == PatternTokenKind.Literal ? token.Text : resolved[ti]!;
                if (to >= text.Length)
                {
                    ti++;
                    to = 0;
                    continue;
                }
            }

            return false;
        }

        return true;
    }

    private static bool SameChar(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    /// <inheritdoc />
    public override string ToString() => Text;
}
