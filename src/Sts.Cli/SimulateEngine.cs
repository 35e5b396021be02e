using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Cli;

/// <summary>
/// Simulates one JSON Lines request in the shape of IAM's <c>SimulateCustomPolicy</c> (plus
/// <c>SessionPolicyInputList</c>) and writes one JSON line of results, or an <c>Error</c> line.
/// Policy ids follow AWS: <c>PolicyInputList.N</c>, <c>PermissionsBoundaryPolicyInputList.1</c>,
/// <c>ResourcePolicy</c>, and (the extension) <c>SessionPolicyInputList.N</c>.
/// </summary>
internal sealed class SimulateEngine
{
    private const string DefaultAccount = "123456789012";
    private readonly Func<string, PolicyKind, PolicyParseResult> _parse;
    private readonly CompiledPolicyCache _cache = new(1024);

    public SimulateEngine(Func<string, PolicyKind, PolicyParseResult> parse)
    {
        _parse = parse;
    }

    /// <summary>Simulates one input line; null for a blank line.</summary>
    public string? Process(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return Error("InvalidInput", $"The line is not JSON: '{Truncate(line)}'.");
        }

        using (json)
        {
            try
            {
                return Simulate(json.RootElement);
            }
            catch (SimulateInputException e)
            {
                return Error(e.Code, e.Message);
            }
        }
    }

    private string Simulate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The line must be a JSON object.");
        }

        var actions = StringList(root, "ActionNames") ?? throw Invalid("ActionNames is required: a list of action names such as [\"s3:GetObject\"].");
        if (actions.Length == 0 || actions.Any(a => a.Length is < 3 or > 128))
        {
            throw Invalid("ActionNames must list 1 or more action names of 3 to 128 characters.");
        }

        var resources = StringList(root, "ResourceArns") ?? ["*"];
        if (resources.Length == 0 || resources.Any(r => r.Length is < 1 or > 2048))
        {
            throw Invalid("ResourceArns must list resource ARNs of 1 to 2048 characters.");
        }

        var identityTexts = StringList(root, "PolicyInputList") ?? [];
        var boundaryTexts = StringList(root, "PermissionsBoundaryPolicyInputList") ?? [];
        var sessionTexts = StringList(root, "SessionPolicyInputList") ?? [];
        if (boundaryTexts.Length > 1)
        {
            throw Invalid($"PermissionsBoundaryPolicyInputList has {boundaryTexts.Length} policies; at most 1 is allowed.");
        }

        var resourcePolicyText = OptionalString(root, "ResourcePolicy");
        var callerArn = OptionalString(root, "CallerArn");
        var ownerText = OptionalString(root, "ResourceOwner");
        if (resourcePolicyText is not null && callerArn is null)
        {
            throw Invalid("CallerArn is required when ResourcePolicy is given.");
        }

        RequestPrincipal? principal = null;
        if (callerArn is not null && (!RequestPrincipal.TryFromArn(callerArn, out principal, out var callerError) || principal.Kind == RequestPrincipalKind.AccountRoot))
        {
            throw Invalid($"CallerArn {callerError ?? $"'{Truncate(callerArn)}' must be an IAM user or role session ARN."}");
        }

        string? ownerAccount = null;
        if (ownerText is not null)
        {
            ownerAccount = ReadOwner(ownerText) ?? throw Invalid($"ResourceOwner '{Truncate(ownerText)}' must be an account root ARN (arn:aws:iam::123456789012:root) or a 12-digit account id.");
        }

        if (principal is null)
        {
            RequestPrincipal.TryFromArn($"arn:aws:iam::{ownerAccount ?? DefaultAccount}:user/SimulatedUser", out principal, out _);
        }

        var builder = new RequestContextBuilder().WithPrincipal(principal!);
        ReadContextEntries(root, builder);

        var input = new PolicyEvaluationInput
        {
            IdentityPolicies = new PolicySet(identityTexts.Select((t, i) => Compile(t, $"PolicyInputList.{i + 1}", PolicyKind.Identity, PolicySource.Identity))),
            PermissionsBoundary = boundaryTexts.Length == 1 ? Compile(boundaryTexts[0], "PermissionsBoundaryPolicyInputList.1", PolicyKind.Identity, PolicySource.PermissionsBoundary) : null,
            SessionPolicies = sessionTexts.Length == 0 ? null : new PolicySet(sessionTexts.Select((t, i) => Compile(t, $"SessionPolicyInputList.{i + 1}", PolicyKind.Session, PolicySource.Session))),
            ResourcePolicy = resourcePolicyText is null ? null : Compile(resourcePolicyText, "ResourcePolicy", PolicyKind.Resource, PolicySource.Resource),
            // Like IAM's simulator, a simulation without a resource policy evaluates the caller's side alone.
            ResourceAccountId = resourcePolicyText is null ? null : ownerAccount,
        };

        var context = builder.Build();
        var trace = new EvaluationTrace();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("EvaluationResults");
            foreach (var action in actions)
            {
                foreach (var resource in resources)
                {
                    var request = context.WithActionAndResource(action, resource);
                    var decision = PolicyEvaluator.Evaluate(input, request, trace);
                    WriteResult(writer, action, resource, decision, trace);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteResult(Utf8JsonWriter writer, string action, string resource, PolicyDecision decision, EvaluationTrace trace)
    {
        writer.WriteStartObject();
        writer.WriteString("EvalActionName", action);
        writer.WriteString("EvalResourceName", resource);
        writer.WriteString("EvalDecision", decision switch
        {
            PolicyDecision.Allow => "allowed",
            PolicyDecision.ExplicitDeny => "explicitDeny",
            _ => "implicitDeny",
        });
        writer.WriteStartArray("MatchedStatements");
        var matched = decision switch
        {
            PolicyDecision.Allow => trace.AllowStatements,
            PolicyDecision.ExplicitDeny => trace.DenyStatements,
            _ => [],
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in matched)
        {
            if (!seen.Add(statement.PolicyId + "#" + statement.StatementIndex))
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("SourcePolicyId", statement.PolicyId);
            writer.WriteString("SourcePolicyType", statement.Source == PolicySource.Resource ? "Resource Policy" : "IAM Policy");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("MissingContextValues");
        foreach (var key in trace.MissingContextKeys)
        {
            writer.WriteStringValue(key);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private CompiledPolicy Compile(string text, string id, PolicyKind kind, PolicySource source)
    {
        if (_cache.TryGet(text, id, source, t => Parse(t, kind), out var policy, out var error))
        {
            return policy;
        }

        throw new SimulateInputException("MalformedPolicyDocument", $"{id}: {error}");
    }

    private (PolicyDocument?, string?) Parse(string text, PolicyKind kind)
    {
        var result = _parse(text, kind);
        return result.IsValid ? (result.Document, null) : (null, result.FirstError?.Message ?? "Syntax errors in policy.");
    }

    private static void ReadContextEntries(JsonElement root, RequestContextBuilder builder)
    {
        if (!root.TryGetProperty("ContextEntries", out var entries) || entries.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (entries.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("ContextEntries must be a list of {ContextKeyName, ContextKeyValues, ContextKeyType}.");
        }

        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("Each ContextEntries item must be an object {ContextKeyName, ContextKeyValues, ContextKeyType}.");
            }

            var name = OptionalString(entry, "ContextKeyName");
            if (name is null || name.Length is < 5 or > 256)
            {
                throw Invalid($"ContextKeyName '{Truncate(name ?? string.Empty)}' must be 5 to 256 characters.");
            }

            var typeText = OptionalString(entry, "ContextKeyType") ?? "string";
            if (!TryReadType(typeText, out var type, out var isList))
            {
                throw Invalid($"ContextKeyType '{Truncate(typeText)}' for '{Truncate(name)}' must be one of string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList.");
            }

            var values = StringList(entry, "ContextKeyValues") ?? [];
            if (!isList && values.Length > 1)
            {
                throw Invalid($"Context key '{Truncate(name)}' of type {typeText} takes one value; {values.Length} were given (use {typeText}List).");
            }

            if (!builder.TryAdd(name, type, values, out var error))
            {
                throw Invalid(error);
            }
        }
    }

    private static bool TryReadType(string text, out ContextValueType type, out bool isList)
    {
        isList = text.EndsWith("List", StringComparison.Ordinal);
        var baseName = isList ? text[..^4] : text;
        (var known, type) = baseName switch
        {
            "string" => (true, ContextValueType.String),
            "numeric" => (true, ContextValueType.Numeric),
            "boolean" => (true, ContextValueType.Boolean),
            "ip" => (true, ContextValueType.IpAddress),
            "binary" => (true, ContextValueType.Binary),
            "date" => (true, ContextValueType.Date),
            _ => (false, ContextValueType.String),
        };
        return known;
    }

    private static string? ReadOwner(string text)
    {
        if (text.Length == 12 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return text;
        }

        const string prefix = "arn:aws:iam::";
        if (text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(":root", StringComparison.Ordinal) && text.Length == prefix.Length + 12 + 5)
        {
            var account = text.Substring(prefix.Length, 12);
            return account.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 ? account : null;
        }

        return null;
    }

    private static ImmutableArray<string>? StringList(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw Invalid($"{name} must be a list of strings.");
        }

        return [.. element.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string? OptionalString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : throw Invalid($"{name} must be a string.");
    }

    private static SimulateInputException Invalid(string message) => new("InvalidInput", message);

    private static string Error(string code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Error");
            writer.WriteString("Code", code);
            writer.WriteString("Message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");

    private sealed class SimulateInputException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
