using System.Runtime.CompilerServices;

namespace Sts.Policy.Evaluation;

/// <summary>
/// One operator/key pair compiled once: the operator's row of <see cref="ConditionOperatorRegistry"/>
/// and its policy values parsed for the operator's family. A policy value that cannot be read for the
/// family (a non-number for <c>NumericEquals</c>, an <c>Arn*</c> value without six parts) makes its
/// comparison false whatever the operator's polarity: it never matches a request value, and a negated
/// operator with such a value is never satisfied by a present key.
/// </summary>
internal sealed class CompiledCondition
{
    private readonly ConditionOperatorDefinition _def;
    private readonly GlobPattern?[] _strings;
    private readonly ArnPattern?[] _arns;
    private readonly decimal[] _numbers;
    private readonly long[] _dates;
    private readonly byte[]?[] _binaries;
    private readonly IpValue[] _ips;
    private readonly bool[] _valid;
    private readonly bool[] _booleans;
    private readonly bool _hasInvalidValues;
    private readonly PrehashedKey _key;

    // The operator's row and qualifier, read once here rather than through two objects per evaluation.
    private readonly ConditionFamily _family;
    private readonly bool _negated;
    private readonly bool _ignoreCase;
    private readonly ConditionComparison _comparison;
    private readonly bool _every;
    private readonly ConditionOutcome _whenMissing;

    public CompiledCondition(PolicyCondition condition, bool variables)
    {
        Operator = condition.Operator;
        Key = condition.Key;
        _key = PrehashedKey.PolicyContextKey(condition.Key);
        _def = ConditionOperatorRegistry.Definitions[condition.Operator.Kind];
        var n = condition.Values.Length;
        _strings = new GlobPattern?[_def.Family == ConditionFamily.String ? n : 0];
        _arns = new ArnPattern?[_def.Family == ConditionFamily.Arn ? n : 0];
        _numbers = new decimal[_def.Family == ConditionFamily.Numeric ? n : 0];
        _dates = new long[_def.Family == ConditionFamily.Date ? n : 0];
        _binaries = new byte[]?[_def.Family == ConditionFamily.Binary ? n : 0];
        _ips = new IpValue[_def.Family == ConditionFamily.Ip ? n : 0];
        _booleans = new bool[_def.Family is ConditionFamily.Bool or ConditionFamily.Null ? n : 0];
        _valid = new bool[n];
        var invalid = new List<string>();
        var allowVariables = variables && _def.AllowsVariables;
        for (var i = 0; i < n; i++)
        {
            var text = condition.Values[i].Text;
            switch (_def.Family)
            {
                case ConditionFamily.String:
                    _strings[i] = GlobPattern.Compile(text, wildcards: _def.Comparison == ConditionComparison.Like, allowVariables);
                    _valid[i] = true;
                    break;
                case ConditionFamily.Arn:
                    _arns[i] = ArnPattern.Compile(text, allowVariables, isResource: false);
                    _valid[i] = !_arns[i]!.NeverMatches;
                    break;
                case ConditionFamily.Numeric:
                    _valid[i] = ContextValue.TryParseNumber(text, out _numbers[i]);
                    break;
                case ConditionFamily.Date:
                    _valid[i] = ContextValue.TryParseDate(text, out _dates[i]);
                    break;
                case ConditionFamily.Bool or ConditionFamily.Null:
                    _valid[i] = bool.TryParse(text, out _booleans[i]);
                    break;
                case ConditionFamily.Binary:
                    _binaries[i] = ContextValue.TryParseBinary(text);
                    _valid[i] = _binaries[i] is not null;
                    break;
                case ConditionFamily.Ip:
                    _valid[i] = IpValue.TryParse(text, allowPrefix: true, out _ips[i]);
                    break;
            }

            if (!_valid[i])
            {
                invalid.Add(text);
            }
        }

        InvalidValues = [.. invalid];
        _hasInvalidValues = invalid.Count > 0;
        _family = _def.Family;
        _negated = _def.Negated;
        _ignoreCase = _def.IgnoreCase;
        _comparison = _def.Comparison;

        // "Every" for ForAllValues and for a plain negated operator (no request value may match any policy value);
        // "some" for ForAnyValue and a plain positive operator.
        _every = Operator.Qualifier == SetQualifier.ForAllValues || (Operator.Qualifier == SetQualifier.None && _def.Negated);
        _whenMissing = Operator.Qualifier switch
        {
            SetQualifier.ForAllValues => ConditionOutcome.True,
            SetQualifier.ForAnyValue => Operator.IfExists ? ConditionOutcome.True : ConditionOutcome.False,
            _ => Operator.IfExists || _def.Negated ? ConditionOutcome.True : ConditionOutcome.False,
        };
    }

    public ConditionOperator Operator { get; }

    public string Key { get; }

    /// <summary>Policy values that could not be read for the operator's family; each comparison with them is false.</summary>
    public IReadOnlyList<string> InvalidValues { get; }

    /// <summary>Evaluates the condition. <see cref="ConditionOutcome.Error"/> when a request value cannot be read for the operator's family.</summary>
    public ConditionOutcome Evaluate(RequestContext request, EvaluationTrace? trace, CompiledStatement statement)
    {
        var values = request.Lookup(_key);
        if (_family == ConditionFamily.Null)
        {
            var present = values.Length > 0;
            for (var i = 0; i < _valid.Length; i++)
            {
                if (_valid[i] && _booleans[i] != present)
                {
                    return ConditionOutcome.True;
                }
            }

            return ConditionOutcome.False;
        }

        if (values.Length == 0)
        {
            trace?.AddMissingKey(Key);
            return _whenMissing;
        }

        foreach (var value in values)
        {
            if (!Readable(value))
            {
                trace?.AddError(statement, UnreadableRequestValue(value));
                return ConditionOutcome.Error;
            }
        }

        if (_hasInvalidValues)
        {
            trace?.AddError(statement, UnreadablePolicyValue());
        }

        var every = _every;
        foreach (var value in values)
        {
            // A positive operator is satisfied by some readable policy value matching; a negated one by every policy
            // value being readable and none matching (an unreadable value counts as false either way).
            var satisfied = _negated
                ? !_hasInvalidValues && !AnyPolicyValueMatches(value, request, trace)
                : AnyPolicyValueMatches(value, request, trace);
            if (every && !satisfied)
            {
                return ConditionOutcome.False;
            }

            if (!every && satisfied)
            {
                return ConditionOutcome.True;
            }
        }

        return every ? ConditionOutcome.True : ConditionOutcome.False;
    }

    // Messages are built out of line, so the hot method carries no string-formatting state.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private string UnreadableRequestValue(ContextValue value) =>
        $"Context key '{Key}' value '{ContextValue.Truncate(value.Text)}' cannot be compared by {Operator.Text}; the statement does not apply.";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string UnreadablePolicyValue() =>
        $"{Operator.Text} '{Key}' has a value that cannot be read for the operator: '{ContextValue.Truncate(InvalidValues[0])}'; it matches no request value.";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Readable(ContextValue value) => _family switch
    {
        ConditionFamily.Numeric => value.HasNumber,
        ConditionFamily.Date => value.HasDate,
        ConditionFamily.Bool => value.HasBoolean,
        ConditionFamily.Binary => value.Bytes is not null,
        ConditionFamily.Ip => value.HasIp,
        _ => true,
    };

    private bool AnyPolicyValueMatches(ContextValue value, RequestContext request, EvaluationTrace? trace)
    {
        for (var i = 0; i < _valid.Length; i++)
        {
            if (_valid[i] && Compare(value, i, request, trace))
            {
                return true;
            }
        }

        return false;
    }

    private bool Compare(ContextValue value, int i, RequestContext request, EvaluationTrace? trace)
    {
        string? unresolved;
        bool result;
        switch (_family)
        {
            case ConditionFamily.String:
                result = _strings[i]!.Matches(value.Text, request, _ignoreCase, out unresolved);
                break;
            case ConditionFamily.Arn:
                result = _arns[i]!.Matches(value.Text, request, out unresolved);
                break;
            case ConditionFamily.Numeric:
                return Order(value.Number.CompareTo(_numbers[i]));
            case ConditionFamily.Date:
                return Order(value.DateTicks.CompareTo(_dates[i]));
            case ConditionFamily.Bool:
                return value.Boolean == _booleans[i];
            case ConditionFamily.Binary:
                return value.Bytes.AsSpan().SequenceEqual(_binaries[i]);
            case ConditionFamily.Ip:
                return _ips[i].Contains(value.Ip);
            default:
                return false;
        }

        if (unresolved is not null)
        {
            trace?.AddMissingKey(unresolved);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Order(int comparison) => _comparison switch
    {
        ConditionComparison.Equals => comparison == 0,
        ConditionComparison.LessThan => comparison < 0,
        ConditionComparison.LessThanEquals => comparison <= 0,
        ConditionComparison.GreaterThan => comparison > 0,
        ConditionComparison.GreaterThanEquals => comparison >= 0,
        _ => false,
    };
}

/// <summary>The outcome of one condition.</summary>
internal enum ConditionOutcome
{
    False,
    True,
    Error,
}
