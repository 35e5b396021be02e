using System.Collections.Immutable;
using System.Text.Json;
using Sts.Policy;

namespace Sts.Policy.Tests.Evaluation;

/// <summary>
/// Test-only JSON to policy model reader used until PolicyParser is merged: syntax only, no AWS
/// validation. Lenient the way simulation is (any Version, Principal anywhere).
/// </summary>
internal static class TestPolicyReader
{
    public static PolicyDocument Read(string text, PolicyKind kind = PolicyKind.Identity)
    {
        var (document, error) = TryRead(text, kind);
        return document ?? throw new ArgumentException(error, nameof(text));
    }

    public static (PolicyDocument? Document, string? Error) TryRead(string text, PolicyKind kind = PolicyKind.Identity)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "Syntax errors in policy.");
            }

            var version = PolicyVersion.Unspecified;
            if (root.TryGetProperty("Version", out var v))
            {
                version = v.GetString() switch
                {
                    "2012-10-17" => PolicyVersion.V20121017,
                    "2008-10-17" => PolicyVersion.V20081017,
                    _ => throw new FormatException("bad version"),
                };
            }

            string? id = root.TryGetProperty("Id", out var idElement) ? idElement.GetString() : null;
            if (!root.TryGetProperty("Statement", out var statementElement))
            {
                return (null, "Syntax errors in policy.");
            }

            var statements = statementElement.ValueKind == JsonValueKind.Array
                ? statementElement.EnumerateArray().ToList()
                : [statementElement];
            var built = statements.Select((s, i) => ReadStatement(s, i)).ToImmutableArray();
            return (new PolicyDocument(text, kind, version, id, built), null);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return (null, "Syntax errors in policy.");
        }
    }

    private static PolicyStatement ReadStatement(JsonElement s, int index)
    {
        var sid = s.TryGetProperty("Sid", out var sidElement) ? sidElement.GetString() : null;
        var effect = s.GetProperty("Effect").GetString() switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            _ => throw new FormatException("bad effect"),
        };
        PrincipalElement? principal = null;
        foreach (var (name, isNot) in new[] { ("Principal", false), ("NotPrincipal", true) })
        {
            if (!s.TryGetProperty(name, out var p))
            {
                continue;
            }

            if (p.ValueKind == JsonValueKind.String)
            {
                principal = p.GetString() == "*" ? new PrincipalElement(isNot, true, []) : throw new FormatException("bad principal");
                continue;
            }

            var principals = ImmutableArray.CreateBuilder<PolicyPrincipal>();
            foreach (var property in p.EnumerateObject())
            {
                var type = property.Name switch
                {
                    "AWS" => PrincipalType.Aws,
                    "Federated" => PrincipalType.Federated,
                    "Service" => PrincipalType.Service,
                    "CanonicalUser" => PrincipalType.CanonicalUser,
                    _ => throw new FormatException("bad principal type"),
                };
                principals.AddRange(Strings(property.Value).Select(value => new PolicyPrincipal(type, value)));
            }

            principal = new PrincipalElement(isNot, false, principals.ToImmutable());
        }

        ActionElement? action = s.TryGetProperty("Action", out var a) ? new ActionElement(false, Strings(a))
            : s.TryGetProperty("NotAction", out var na) ? new ActionElement(true, Strings(na)) : null;
        ResourceElement? resource = s.TryGetProperty("Resource", out var r) ? new ResourceElement(false, Strings(r))
            : s.TryGetProperty("NotResource", out var nr) ? new ResourceElement(true, Strings(nr)) : null;
        var conditions = ImmutableArray.CreateBuilder<PolicyCondition>();
        if (s.TryGetProperty("Condition", out var c))
        {
            foreach (var op in c.EnumerateObject())
            {
                if (!ConditionOperator.TryParse(op.Name, out var parsed))
                {
                    throw new FormatException("bad operator");
                }

                foreach (var key in op.Value.EnumerateObject())
                {
                    var values = (key.Value.ValueKind == JsonValueKind.Array ? key.Value.EnumerateArray().ToList() : [key.Value])
                        .Select(e => e.ValueKind switch
                        {
                            JsonValueKind.String => new ConditionValue(ConditionValueKind.String, e.GetString()!),
                            JsonValueKind.Number => new ConditionValue(ConditionValueKind.Number, e.GetRawText()),
                            JsonValueKind.True or JsonValueKind.False => new ConditionValue(ConditionValueKind.Boolean, e.GetRawText()),
                            _ => throw new FormatException("bad condition value"),
                        }).ToImmutableArray();
                    conditions.Add(new PolicyCondition(parsed, key.Name, values));
                }
            }
        }

        return new PolicyStatement(index, sid, effect, principal, action, resource, conditions.ToImmutable());
    }

    private static ImmutableArray<string> Strings(JsonElement element) => element.ValueKind == JsonValueKind.Array
        ? [.. element.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("null"))]
        : [element.GetString() ?? throw new FormatException("null")];
}
