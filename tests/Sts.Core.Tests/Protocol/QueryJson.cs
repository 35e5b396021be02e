using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sts.Core.Protocol;

namespace Sts.Core.Tests.Protocol;

/// <summary>Converts between JSON (botocore's parameter dictionaries) and <see cref="QueryStructure"/>,
/// guided by a model shape, and compares the two the way botocore's values mean them.</summary>
internal static class QueryJson
{
    public static QueryStructure ToStructure(JsonObject json, QueryShape shape) =>
        new(json.Select(p => new KeyValuePair<string, object?>(p.Key, ToValue(p.Value!, shape.FindMember(p.Key)?.Shape ?? throw new ArgumentException($"{shape.Name} has no member {p.Key}")))));

    private static object ToValue(JsonNode node, QueryShape shape) => shape.Kind switch
    {
        QueryShapeKind.String => node.GetValue<string>(),
        QueryShapeKind.Integer => node.GetValue<int>(),
        QueryShapeKind.Long => node.GetValue<long>(),
        QueryShapeKind.Boolean => node.GetValue<bool>(),
        QueryShapeKind.Timestamp => DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture),
        QueryShapeKind.Blob => Convert.FromBase64String(node.GetValue<string>()),
        QueryShapeKind.Structure => ToStructure(node.AsObject(), shape),
        QueryShapeKind.List => node.AsArray().Select(item => ToValue(item!, shape.Element!)).ToList(),
        QueryShapeKind.Map => node.AsObject().ToDictionary(p => p.Key, p => ToValue(p.Value!, shape.MapValue!)),
        _ => throw new ArgumentException(shape.Kind.ToString()),
    };

    public static JsonObject ToJson(QueryStructure structure, QueryShape shape)
    {
        var json = new JsonObject();
        foreach (var member in shape.Members)
        {
            if (structure.GetValue(member.Name) is { } value)
            {
                json[member.Name] = ToJson(value, member.Shape);
            }
        }

        return json;
    }

    private static JsonNode ToJson(object value, QueryShape shape) => value switch
    {
        string s => JsonValue.Create(s),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        bool b => JsonValue.Create(b),
        DateTimeOffset t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        QueryStructure s => ToJson(s, shape),
        IReadOnlyList<object> list => new JsonArray(list.Select(item => ToJson(item, shape.Element!)).ToArray()),
        IReadOnlyDictionary<string, object> map => new JsonObject(map.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, ToJson(p.Value, shape.MapValue!)))),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    /// <summary>Deep equality with timestamps compared as instants and policy documents as JSON values
    /// (botocore hands IAM policy documents back decoded).</summary>
    public static void AssertEquivalent(JsonNode? expected, JsonNode? actual, QueryShape shape, string path)
    {
        switch (shape.Kind)
        {
            case QueryShapeKind.Structure:
                var expectedObject = expected!.AsObject();
                var actualObject = actual!.AsObject();
                foreach (var member in shape.Members)
                {
                    var e = expectedObject[member.Name];
                    var a = actualObject[member.Name];
                    if (e is null)
                    {
                        Assert.That(a, Is.Null, $"{path}.{member.Name} should be absent");
                        continue;
                    }

                    Assert.That(a, Is.Not.Null, $"{path}.{member.Name} is missing");
                    AssertEquivalent(e, a, member.Shape, $"{path}.{member.Name}");
                }

                break;
            case QueryShapeKind.List:
                var expectedArray = expected!.AsArray();
                var actualArray = actual!.AsArray();
                Assert.That(actualArray, Has.Count.EqualTo(expectedArray.Count), $"{path} count");
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertEquivalent(expectedArray[i], actualArray[i], shape.Element!, $"{path}[{i}]");
                }

                break;
            case QueryShapeKind.Map:
                var expectedMap = expected!.AsObject();
                var actualMap = actual!.AsObject();
                Assert.That(actualMap.Select(p => p.Key), Is.EquivalentTo(expectedMap.Select(p => p.Key)), $"{path} keys");
                foreach (var (key, value) in expectedMap)
                {
                    AssertEquivalent(value, actualMap[key], shape.MapValue!, $"{path}[{key}]");
                }

                break;
            case QueryShapeKind.Timestamp:
                Assert.That(
                    DateTimeOffset.Parse(actual!.GetValue<string>(), CultureInfo.InvariantCulture),
                    Is.EqualTo(DateTimeOffset.Parse(expected!.GetValue<string>(), CultureInfo.InvariantCulture)),
                    path);
                break;
            case QueryShapeKind.String when shape.IsPolicyDocument && actual is JsonObject:
                Assert.That(JsonNode.DeepEquals(JsonNode.Parse(expected!.GetValue<string>()), actual), Is.True, $"{path}: {actual.ToJsonString()}");
                break;
            default:
                Assert.That(actual!.ToJsonString(), Is.EqualTo(expected!.ToJsonString()), path);
                break;
        }
    }
}
