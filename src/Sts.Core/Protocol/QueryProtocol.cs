using System.Globalization;
using System.Text;

namespace Sts.Core.Protocol;

/// <summary>
/// The AWS Query protocol parser for STS and IAM: decodes a form body and/or query string, picks the
/// service by <c>Version</c> and the operation by <c>Action</c>, and reads the operation's input
/// generically from the model (<c>member.N</c> lists, dotted structures, <c>entry.N</c> maps, scalars),
/// checking every constraint the model states. Host-agnostic: give it bytes, it gives a request or an
/// AWS error. Never throws for bad input.
/// </summary>
public sealed class QueryProtocol
{
    private readonly QueryServiceModel[] _services;

    /// <summary>Creates a parser for the given services (by default STS and IAM).</summary>
    /// <param name="options">Limits; <see cref="QueryProtocolOptions.Default"/> when null.</param>
    /// <param name="services">The services to accept; STS and IAM when empty.</param>
    public QueryProtocol(QueryProtocolOptions? options = null, params QueryServiceModel[] services)
    {
        Options = options ?? QueryProtocolOptions.Default;
        _services = services is { Length: > 0 } ? services : [QueryServiceModel.Sts, QueryServiceModel.Iam];
    }

    /// <summary>The limits in force.</summary>
    public QueryProtocolOptions Options { get; }

    /// <summary>The services accepted.</summary>
    public IReadOnlyList<QueryServiceModel> Services => _services;

    /// <summary>
    /// Parses a request. Parameters may come in the form body, the query string, or both (each name once).
    /// </summary>
    /// <param name="body">The <c>application/x-www-form-urlencoded</c> body (empty for GET).</param>
    /// <param name="queryString">The query string without its leading <c>?</c> (empty when none).</param>
    /// <param name="serviceHint">The service to answer for when <c>Version</c> does not say (the SigV4 signing
    /// name, <c>sts</c> or <c>iam</c>); the first service when null or unknown.</param>
    /// <returns>The request, or <c>RequestEntityTooLarge</c> (413), <c>MalformedQueryString</c>,
    /// <c>MissingAction</c>, <c>MissingParameter</c>, <c>InvalidAction</c>, <c>InvalidParameterValue</c> or
    /// <c>ValidationError</c> (400).</returns>
    public QueryParseResult Parse(ReadOnlySpan<byte> body, ReadOnlySpan<byte> queryString = default, string? serviceHint = null)
    {
        var fallback = _services.FirstOrDefault(s => s.SigningName == serviceHint || s.EndpointPrefix == serviceHint) ?? _services[0];
        var size = body.Length + queryString.Length;
        if (size > Options.MaxRequestBytes)
        {
            return QueryParseResult.Failure(fallback, QueryErrors.RequestTooLarge(size, Options.MaxRequestBytes));
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var decodeError = QueryForm.Decode(queryString, parameters, Options.MaxParameters) ?? QueryForm.Decode(body, parameters, Options.MaxParameters);
        if (decodeError is not null)
        {
            return QueryParseResult.Failure(fallback, decodeError);
        }

        return Parse(parameters, fallback);
    }

    /// <summary>Parses already-decoded parameters (names and values as they were before form encoding).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="serviceHint">As in <see cref="Parse(ReadOnlySpan{byte}, ReadOnlySpan{byte}, string?)"/>.</param>
    /// <returns>As in <see cref="Parse(ReadOnlySpan{byte}, ReadOnlySpan{byte}, string?)"/>.</returns>
    public QueryParseResult Parse(IReadOnlyDictionary<string, string> parameters, string? serviceHint = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var fallback = _services.FirstOrDefault(s => s.SigningName == serviceHint || s.EndpointPrefix == serviceHint) ?? _services[0];
        if (parameters.Count > Options.MaxParameters)
        {
            return QueryParseResult.Failure(fallback, QueryErrors.TooManyParameters(Options.MaxParameters));
        }

        return Parse(parameters, fallback);
    }

    private QueryParseResult Parse(IReadOnlyDictionary<string, string> parameters, QueryServiceModel fallback)
    {
        if (!parameters.TryGetValue("Action", out var action) || action.Length == 0)
        {
            return QueryParseResult.Failure(fallback, QueryErrors.MissingAction());
        }

        if (!parameters.TryGetValue("Version", out var version) || version.Length == 0)
        {
            return QueryParseResult.Failure(fallback, QueryErrors.MissingVersion());
        }

        var service = Array.Find(_services, s => s.ApiVersion == version);
        var operation = service?.FindOperation(action);
        if (service is null || operation is null)
        {
            return QueryParseResult.Failure(service ?? fallback, QueryErrors.InvalidAction(action, version));
        }

        if (operation.Input is null)
        {
            return QueryParseResult.Success(new QueryRequest(operation, QueryStructure.Empty));
        }

        var reader = new Reader(parameters);
        var input = reader.ReadStructure(operation.Input, prefix: string.Empty, path: string.Empty);
        if (reader.Error is not null)
        {
            return QueryParseResult.Failure(service, reader.Error);
        }

        if (reader.Failures.Count > 0)
        {
            return QueryParseResult.Failure(service, QueryErrors.Validation(reader.Failures));
        }

        return QueryParseResult.Success(new QueryRequest(operation, input));
    }

    /// <summary>Reads one input tree. Stops at the first structural error; collects constraint failures.</summary>
    private sealed class Reader
    {
        private readonly IReadOnlyDictionary<string, string> _parameters;
        private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _indexes = new(StringComparer.Ordinal);

        public Reader(IReadOnlyDictionary<string, string> parameters)
        {
            _parameters = parameters;
            foreach (var name in parameters.Keys)
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                while (dot >= 0)
                {
                    var prefix = name[..dot];
                    _prefixes.Add(prefix);
                    var nextDot = name.IndexOf('.', dot + 1);
                    var segment = nextDot < 0 ? name[(dot + 1)..] : name[(dot + 1)..nextDot];
                    if (segment.Length > 0 && char.IsAsciiDigit(segment[0]))
                    {
                        if (!_indexes.TryGetValue(prefix, out var list))
                        {
                            _indexes[prefix] = list = [];
                        }

                        if (!list.Contains(segment))
                        {
                            list.Add(segment);
                        }
                    }

                    dot = nextDot;
                }
            }
        }

        public StsError? Error { get; private set; }

        public List<string> Failures { get; } = [];

        public QueryStructure ReadStructure(QueryShape shape, string prefix, string path)
        {
            var values = new List<KeyValuePair<string, object?>>(shape.Members.Count);
            foreach (var member in shape.Members)
            {
                if (Error is not null)
                {
                    break;
                }

                var wireName = prefix.Length == 0 ? member.Name : prefix + "." + member.Name;
                var memberPath = (path.Length == 0 ? string.Empty : path + ".") + CamelCase(member.Name);
                if (!IsPresent(wireName, member.Shape))
                {
                    if (member.IsRequired)
                    {
                        Error = QueryErrors.MissingParameter(wireName);
                    }

                    continue;
                }

                var value = ReadValue(member.Shape, wireName, memberPath);
                values.Add(new(member.Name, value));
            }

            return new QueryStructure(values);
        }

        private bool IsPresent(string wireName, QueryShape shape) => shape.Kind switch
        {
            QueryShapeKind.Structure => _prefixes.Contains(wireName),
            QueryShapeKind.List or QueryShapeKind.Map => _parameters.ContainsKey(wireName) || _prefixes.Contains(wireName),
            _ => _parameters.ContainsKey(wireName),
        };

        private object? ReadValue(QueryShape shape, string wireName, string path)
        {
            switch (shape.Kind)
            {
                case QueryShapeKind.Structure:
                    return ReadStructure(shape, wireName, path);
                case QueryShapeKind.List:
                    return ReadList(shape, wireName, path);
                case QueryShapeKind.Map:
                    return ReadMap(shape, wireName, path);
                default:
                    return ReadScalar(shape, wireName, path, _parameters[wireName]);
            }
        }

        private List<object>? ReadList(QueryShape shape, string wireName, string path)
        {
            var count = CountEntries(wireName, "member");
            if (count < 0)
            {
                return null;
            }

            var items = new List<object>(count);
            for (var i = 1; i <= count && Error is null; i++)
            {
                var itemName = $"{wireName}.member.{i}";
                var itemPath = $"{path}.{i}.member";
                if (!IsPresent(itemName, shape.Element!))
                {
                    Error = QueryErrors.MissingParameter(itemName);
                    break;
                }

                var item = ReadValue(shape.Element!, itemName, itemPath);
                if (item is not null)
                {
                    items.Add(item);
                }
            }

            CheckCount(shape, items.Count, path);
            return items;
        }

        private Dictionary<string, object>? ReadMap(QueryShape shape, string wireName, string path)
        {
            var count = CountEntries(wireName, "entry");
            if (count < 0)
            {
                return null;
            }

            var entries = new Dictionary<string, object>(count, StringComparer.Ordinal);
            for (var i = 1; i <= count && Error is null; i++)
            {
                var keyName = $"{wireName}.entry.{i}.key";
                var valueName = $"{wireName}.entry.{i}.value";
                if (!_parameters.TryGetValue(keyName, out var key))
                {
                    Error = QueryErrors.MissingParameter(keyName);
                    break;
                }

                if (!IsPresent(valueName, shape.MapValue!))
                {
                    Error = QueryErrors.MissingParameter(valueName);
                    break;
                }

                ReadScalar(shape.MapKey!, keyName, $"{path}.{i}.key", key);
                var value = ReadValue(shape.MapValue!, valueName, $"{path}.{i}.value");
                if (value is not null && !entries.TryAdd(key, value))
                {
                    Error = QueryErrors.InvalidList(wireName, $"the key '{QueryErrors.Quote(key)}' appears twice");
                }
            }

            CheckCount(shape, entries.Count, path);
            return entries;
        }

        /// <summary>The number of entries of a list or map: 0 for the empty form (<c>Tags=</c>), N when
        /// <c>.member.1</c> to <c>.member.N</c> are all present and nothing else is; -1 after an error.</summary>
        private int CountEntries(string wireName, string entryName)
        {
            var entriesPrefix = wireName + "." + entryName;
            _parameters.TryGetValue(wireName, out var bare);
            if (bare is { Length: > 0 })
            {
                Error = QueryErrors.InvalidValue(wireName, bare, $"a list is sent as {entriesPrefix}.1, {entriesPrefix}.2..., or empty as '{wireName}='");
                return -1;
            }

            if (!_indexes.TryGetValue(entriesPrefix, out var indexes))
            {
                if (bare is null && _prefixes.Contains(wireName))
                {
                    var stray = _parameters.Keys.First(k => k.StartsWith(wireName + ".", StringComparison.Ordinal));
                    Error = QueryErrors.InvalidList(wireName, $"'{QueryErrors.Quote(stray)}' is not of the form {entriesPrefix}.N");
                    return -1;
                }

                return 0;
            }

            foreach (var index in indexes)
            {
                if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > indexes.Count || index[0] == '0')
                {
                    Error = QueryErrors.InvalidList(wireName, $"members are numbered 1 to {indexes.Count} without gaps, but {entriesPrefix}.{QueryErrors.Quote(index)} was sent");
                    return -1;
                }
            }

            return indexes.Count;
        }

        private object? ReadScalar(QueryShape shape, string wireName, string path, string text)
        {
            switch (shape.Kind)
            {
                case QueryShapeKind.String:
                    CheckString(shape, path, text);
                    return text;
                case QueryShapeKind.Integer:
                    if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var int32))
                    {
                        Error ??= QueryErrors.InvalidValue(wireName, text, "an integer was expected");
                        return null;
                    }

                    CheckRange(shape, path, int32);
                    return int32;
                case QueryShapeKind.Long:
                    if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var int64))
                    {
                        Error ??= QueryErrors.InvalidValue(wireName, text, "an integer was expected");
                        return null;
                    }

                    CheckRange(shape, path, int64);
                    return int64;
                case QueryShapeKind.Boolean:
                    if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }

                    if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    Error ??= QueryErrors.InvalidValue(wireName, text, "true or false was expected");
                    return null;
                case QueryShapeKind.Timestamp:
                    if (!QueryTimestamp.TryParse(text, out var timestamp))
                    {
                        Error ??= QueryErrors.InvalidValue(wireName, text, "an ISO 8601 timestamp (2024-01-31T12:00:00Z) was expected");
                        return null;
                    }

                    return timestamp;
                case QueryShapeKind.Blob:
                    byte[] bytes;
                    try
                    {
                        bytes = Convert.FromBase64String(text);
                    }
                    catch (FormatException)
                    {
                        Error ??= QueryErrors.InvalidValue(wireName, shape.IsSensitive ? "***" : text, "Base64 was expected");
                        return null;
                    }

                    CheckLength(shape, path, bytes.Length, shape.IsSensitive ? null : text);
                    return bytes;
                default:
                    Error ??= QueryErrors.InvalidValue(wireName, text, $"a {shape.Kind} was expected");
                    return null;
            }
        }

        private void CheckString(QueryShape shape, string path, string text)
        {
            var quoted = shape.IsSensitive ? null : text;
            CheckLength(shape, path, text.Length, quoted);
            if (shape.EnumValues is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
            {
                Failures.Add($"{Value(quoted)} at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
            }

            if (shape.Regex is { } regex)
            {
                bool matches;
                try
                {
                    matches = regex.IsMatch(text);
                }
                catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
                {
                    matches = false;
                }

                if (!matches)
                {
                    Failures.Add($"{Value(quoted)} at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.Pattern}");
                }
            }
        }

        private void CheckLength(QueryShape shape, string path, long length, string? quoted)
        {
            if (shape.Min is { } min && length < min)
            {
                Failures.Add($"{Value(quoted)} at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
            }

            if (shape.Max is { } max && length > max)
            {
                Failures.Add($"{Value(quoted)} at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
            }
        }

        private void CheckCount(QueryShape shape, int count, string path) => CheckLength(shape, path, count, null);

        private void CheckRange(QueryShape shape, string path, long value)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (shape.Min is { } min && value < min)
            {
                Failures.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
            }

            if (shape.Max is { } max && value > max)
            {
                Failures.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max}");
            }
        }

        private static string Value(string? quoted) => quoted is null ? "Value" : $"Value '{QueryErrors.Quote(quoted)}'";

        private static string CamelCase(string name) =>
            name.Length == 0 || char.IsLower(name[0]) ? name : string.Create(name.Length, name, static (span, source) =>
            {
                source.AsSpan().CopyTo(span);
                span[0] = char.ToLowerInvariant(span[0]);
            });
    }
}
