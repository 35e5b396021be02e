using System.Collections.Frozen;
using System.Text.Json;

namespace Sts.Core.Protocol;

/// <summary>
/// A Query-protocol service (STS or IAM) loaded from botocore's <c>service-2.json</c>, embedded in this
/// assembly: its API version, XML namespace, operations and shapes. Every constraint the request parser
/// checks and every element the response writer emits comes from here.
/// </summary>
public sealed class QueryServiceModel
{
    private static readonly Lazy<QueryServiceModel> LazySts = new(() => LoadEmbedded("sts-2011-06-15.service-2.json"));
    private static readonly Lazy<QueryServiceModel> LazyIam = new(() => LoadEmbedded("iam-2010-05-08.service-2.json"));

    private FrozenDictionary<string, QueryOperation> _operations = FrozenDictionary<string, QueryOperation>.Empty;
    private FrozenDictionary<string, QueryShape> _shapes = FrozenDictionary<string, QueryShape>.Empty;
    private FrozenDictionary<string, int> _errorStatuses = FrozenDictionary<string, int>.Empty;

    private QueryServiceModel(string endpointPrefix, string apiVersion, string xmlNamespace, string signingName)
    {
        EndpointPrefix = endpointPrefix;
        ApiVersion = apiVersion;
        XmlNamespace = xmlNamespace;
        SigningName = signingName;
    }

    /// <summary>AWS Security Token Service, API version 2011-06-15.</summary>
    public static QueryServiceModel Sts => LazySts.Value;

    /// <summary>AWS Identity and Access Management, API version 2010-05-08.</summary>
    public static QueryServiceModel Iam => LazyIam.Value;

    /// <summary>The endpoint prefix (<c>sts</c>, <c>iam</c>).</summary>
    public string EndpointPrefix { get; }

    /// <summary>The SigV4 signing name (<c>sts</c>, <c>iam</c>).</summary>
    public string SigningName { get; }

    /// <summary>The API version, the value of the <c>Version</c> parameter.</summary>
    public string ApiVersion { get; }

    /// <summary>The XML namespace of responses and errors.</summary>
    public string XmlNamespace { get; }

    /// <summary>The operations by name.</summary>
    public IReadOnlyDictionary<string, QueryOperation> Operations => _operations;

    /// <summary>Finds an operation by its exact (case-sensitive) name.</summary>
    /// <param name="action">The value of <c>Action</c>.</param>
    /// <returns>The operation, or null.</returns>
    public QueryOperation? FindOperation(string action) => _operations.GetValueOrDefault(action);

    /// <summary>Finds a shape by name.</summary>
    /// <param name="name">The shape name.</param>
    /// <returns>The shape, or null.</returns>
    public QueryShape? FindShape(string name) => _shapes.GetValueOrDefault(name);

    /// <summary>The HTTP status the model gives an error code (<c>NoSuchEntity</c> → 404), or null when the
    /// code is not modelled.</summary>
    /// <param name="code">The wire error code.</param>
    /// <returns>The status, or null.</returns>
    public int? FindErrorStatus(string code) => _errorStatuses.TryGetValue(code, out var status) ? status : null;

    /// <inheritdoc />
    public override string ToString() => $"{EndpointPrefix} {ApiVersion}";

    private static QueryServiceModel LoadEmbedded(string fileName)
    {
        var resource = "Sts.Core.Protocol.Models." + fileName;
        using var stream = typeof(QueryServiceModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded service model {resource} is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        return Load(document.RootElement);
    }

    internal static QueryServiceModel Load(JsonElement root)
    {
        var metadata = root.GetProperty("metadata");
        var model = new QueryServiceModel(
            metadata.GetProperty("endpointPrefix").GetString()!,
            metadata.GetProperty("apiVersion").GetString()!,
            metadata.GetProperty("xmlNamespace").GetString()!,
            metadata.TryGetProperty("signingName", out var signing) ? signing.GetString()! : metadata.GetProperty("endpointPrefix").GetString()!);

        var shapesJson = root.GetProperty("shapes");
        var shapes = new Dictionary<string, QueryShape>(StringComparer.Ordinal);
        foreach (var property in shapesJson.EnumerateObject())
        {
            var json = property.Value;
            var kind = json.GetProperty("type").GetString() switch
            {
                "string" => QueryShapeKind.String,
                "integer" => QueryShapeKind.Integer,
                "long" => QueryShapeKind.Long,
                "boolean" => QueryShapeKind.Boolean,
                "timestamp" => QueryShapeKind.Timestamp,
                "blob" => QueryShapeKind.Blob,
                "structure" => QueryShapeKind.Structure,
                "list" => QueryShapeKind.List,
                "map" => QueryShapeKind.Map,
                var other => throw new InvalidOperationException($"Shape {property.Name} has the unsupported type {other}."),
            };
            long? min = json.TryGetProperty("min", out var minJson) ? minJson.GetInt64() : null;
            long? max = json.TryGetProperty("max", out var maxJson) ? maxJson.GetInt64() : null;
            var pattern = json.TryGetProperty("pattern", out var patternJson) ? patternJson.GetString() : null;
            var enumValues = json.TryGetProperty("enum", out var enumJson) ? enumJson.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;
            var sensitive = json.TryGetProperty("sensitive", out var sensitiveJson) && sensitiveJson.GetBoolean();
            shapes[property.Name] = new QueryShape(property.Name, kind, min, max, pattern, enumValues, sensitive);
        }

        var errorStatuses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in shapesJson.EnumerateObject())
        {
            var json = property.Value;
            var shape = shapes[property.Name];
            var members = new List<QueryMember>();
            if (json.TryGetProperty("members", out var membersJson))
            {
                var required = json.TryGetProperty("required", out var requiredJson)
                    ? requiredJson.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
                    : [];
                foreach (var member in membersJson.EnumerateObject())
                {
                    members.Add(new QueryMember(member.Name, shapes[member.Value.GetProperty("shape").GetString()!], required.Contains(member.Name)));
                }
            }

            QueryShape? Reference(string name) => json.TryGetProperty(name, out var reference) ? shapes[reference.GetProperty("shape").GetString()!] : null;
            shape.Complete(members, Reference("member"), Reference("key"), Reference("value"));

            if (json.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var code))
            {
                errorStatuses[code.GetString()!] = error.TryGetProperty("httpStatusCode", out var status) ? status.GetInt32() : 400;
            }
        }

        var operations = new Dictionary<string, QueryOperation>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("operations").EnumerateObject())
        {
            var json = property.Value;
            var input = json.TryGetProperty("input", out var inputJson) ? shapes[inputJson.GetProperty("shape").GetString()!] : null;
            QueryShape? output = null;
            string? wrapper = null;
            if (json.TryGetProperty("output", out var outputJson))
            {
                output = shapes[outputJson.GetProperty("shape").GetString()!];
                wrapper = outputJson.TryGetProperty("resultWrapper", out var wrapperJson) ? wrapperJson.GetString() : null;
            }

            var unauthenticated = (json.TryGetProperty("authtype", out var authType) && authType.GetString() == "none")
                || (json.TryGetProperty("auth", out var auth) && auth.EnumerateArray().Any(a => a.GetString() == "smithy.api#noAuth"));
            var errors = json.TryGetProperty("errors", out var errorsJson)
                ? errorsJson.EnumerateArray().Select(e => shapes[e.GetProperty("shape").GetString()!]).ToArray()
                : [];
            operations[property.Name] = new QueryOperation(model, property.Name, input, output, wrapper, unauthenticated, errors);
        }

        model._shapes = shapes.ToFrozenDictionary(StringComparer.Ordinal);
        model._operations = operations.ToFrozenDictionary(StringComparer.Ordinal);
        model._errorStatuses = errorStatuses.ToFrozenDictionary(StringComparer.Ordinal);
        return model;
    }
}
