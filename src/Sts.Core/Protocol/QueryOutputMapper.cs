using System.Collections;
using System.Reflection;
using Sts.Core.Iam;

namespace Sts.Core.Protocol;

/// <summary>
/// Turns the result objects of <see cref="Iam.IamService"/> and <see cref="SecurityToken.StsService"/> into the output structure the
/// model describes: members are matched to properties by name (with the few renames the models use), pages of
/// <see cref="IamPage{T}"/> fill the list member, <c>IsTruncated</c> and <c>Marker</c>, and a result that is itself the
/// one structure member of the output (a role for <c>CreateRole</c>) is wrapped in it.
/// </summary>
internal static class QueryOutputMapper
{
    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.Ordinal)
    {
        ["OpenIDConnectProviderArn"] = ["Arn"],
        ["ClientIDList"] = ["ClientIds"],
        ["ThumbprintList"] = ["Thumbprints"],
        ["RoleName"] = ["EntityName"],
        ["UserName"] = ["EntityName"],
    };

    public static QueryStructure? Map(QueryOperation operation, object? result)
    {
        if (result is null or IamOperationCompleted || operation.Output is null)
        {
            return null;
        }

        var output = operation.Output;
        var type = result.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IamPage<>))
        {
            return MapPage(output, result, type);
        }

        if (result is IEnumerable items and not string)
        {
            var list = output.Members.Single(m => m.Shape.Kind == QueryShapeKind.List);
            return new QueryStructure([new(list.Name, MapList(list.Shape, items))]);
        }

        if (output.Members.Any(m => FindProperty(type, m.Name) is not null))
        {
            return MapStructure(output, result);
        }

        var single = output.Members.Where(m => m.Shape.Kind == QueryShapeKind.Structure).ToArray();
        return single.Length == 1
            ? new QueryStructure([new(single[0].Name, MapStructure(single[0].Shape, result))])
            : throw new ArgumentException($"{operation.Name}: no output member matches a {type.Name}.", nameof(result));
    }

    private static QueryStructure MapPage(QueryShape output, object page, Type type)
    {
        var values = new List<KeyValuePair<string, object?>>();
        var items = (IEnumerable)type.GetProperty(nameof(IamPage<int>.Items))!.GetValue(page)!;
        var list = output.Members.First(m => m.Shape.Kind == QueryShapeKind.List);
        values.Add(new(list.Name, MapList(list.Shape, items)));
        if (output.FindMember("IsTruncated") is not null)
        {
            values.Add(new("IsTruncated", type.GetProperty(nameof(IamPage<int>.IsTruncated))!.GetValue(page)));
        }

        if (output.FindMember("Marker") is not null && type.GetProperty(nameof(IamPage<int>.Marker))!.GetValue(page) is string marker)
        {
            values.Add(new("Marker", marker));
        }

        return new QueryStructure(values);
    }

    private static List<object> MapList(QueryShape list, IEnumerable items)
    {
        var mapped = new List<object>();
        foreach (var item in items)
        {
            if (MapValue(list.Element!, item) is { } value)
            {
                mapped.Add(value);
            }
        }

        return mapped;
    }

    private static QueryStructure MapStructure(QueryShape shape, object source)
    {
        var type = source.GetType();
        var values = new List<KeyValuePair<string, object?>>();
        foreach (var member in shape.Members)
        {
            object? value;
            if (member.Name == "PermissionsBoundary" && FindProperty(type, "PermissionsBoundaryArn") is { } boundary)
            {
                value = boundary.GetValue(source) is string arn
                    ? new QueryStructure([new("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), new("PermissionsBoundaryArn", arn)])
                    : null;
            }
            else if (FindProperty(type, member.Name) is { } property)
            {
                value = MapValue(member.Shape, property.GetValue(source));
            }
            else
            {
                continue;
            }

            if (value is not null)
            {
                values.Add(new(member.Name, value));
            }
        }

        return new QueryStructure(values);
    }

    private static object? MapValue(QueryShape shape, object? value) => (shape.Kind, value) switch
    {
        (_, null) => null,
        (QueryShapeKind.String, Enum e) => e.ToString(),
        (QueryShapeKind.String, string s) => s,
        (QueryShapeKind.String, _) => value.ToString(),
        (QueryShapeKind.Blob, string s) => System.Text.Encoding.UTF8.GetBytes(s),
        (QueryShapeKind.List, IEnumerable items) when value is not string => MapList(shape, items),
        (QueryShapeKind.Structure, string s) when shape.Members.Count == 1 => new QueryStructure([new(shape.Members[0].Name, s)]),
        (QueryShapeKind.Structure, _) => MapStructure(shape, value),
        (QueryShapeKind.Integer or QueryShapeKind.Long, long n) when shape.Kind == QueryShapeKind.Integer => checked((int)n),
        _ => value,
    };

    private static PropertyInfo? FindProperty(Type type, string name)
    {
        if (type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { } property)
        {
            return property;
        }

        return Aliases.TryGetValue(name, out var aliases)
            ? aliases.Select(a => type.GetProperty(a, BindingFlags.Public | BindingFlags.Instance)).FirstOrDefault(p => p is not null)
            : null;
    }
}
