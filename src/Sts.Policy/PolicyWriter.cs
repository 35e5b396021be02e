using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sts.Policy;

/// <summary>
/// Writes a <see cref="PolicyDocument"/> back out as canonical JSON: <c>Version</c>, <c>Id</c>, then
/// <c>Statement</c> always as an array; statement elements in the order <c>Sid</c>, <c>Effect</c>,
/// <c>Principal</c>/<c>NotPrincipal</c>, <c>Action</c>/<c>NotAction</c>, <c>Resource</c>/<c>NotResource</c>,
/// <c>Condition</c>; a single value as a string, several as an array. Parsing the output gives an
/// equivalent document. <see cref="PolicyDocument.Text"/> keeps what was submitted.
/// </summary>
public static class PolicyWriter
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Writes the document as canonical JSON.</summary>
    /// <param name="document">The document.</param>
    /// <param name="indented">True for two-space indentation, false for compact output.</param>
    /// <returns>The canonical JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static string ToCanonicalJson(PolicyDocument document, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, document.Text.Length));
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            Write(writer, document);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, PolicyDocument document)
    {
        writer.WriteStartObject();
        switch (document.Version)
        {
            case PolicyVersion.V20121017:
                writer.WriteString("Version"u8, "2012-10-17"u8);
                break;
            case PolicyVersion.V20081017:
                writer.WriteString("Version"u8, "2008-10-17"u8);
                break;
        }

        if (document.Id is not null)
        {
            writer.WriteString("Id"u8, document.Id);
        }

        writer.WriteStartArray("Statement"u8);
        foreach (var statement in document.Statements)
        {
            WriteStatement(writer, statement);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement statement)
    {
        writer.WriteStartObject();
        if (statement.Sid is not null)
        {
            writer.WriteString("Sid"u8, statement.Sid);
        }

        writer.WriteString("Effect"u8, statement.Effect == PolicyEffect.Allow ? "Allow"u8 : "Deny"u8);
        if (statement.Principal is { } principal)
        {
            writer.WritePropertyName(principal.IsNot ? "NotPrincipal"u8 : "Principal"u8);
            WritePrincipal(writer, principal);
        }

        if (statement.Action is { } action)
        {
            writer.WritePropertyName(action.IsNot ? "NotAction"u8 : "Action"u8);
            WriteStrings(writer, action.Patterns);
        }

        if (statement.Resource is { } resource)
        {
            writer.WritePropertyName(resource.IsNot ? "NotResource"u8 : "Resource"u8);
            WriteStrings(writer, resource.Patterns);
        }

        if (!statement.Conditions.IsEmpty)
        {
            WriteConditions(writer, statement.Conditions);
        }

        writer.WriteEndObject();
    }

    private static void WritePrincipal(Utf8JsonWriter writer, PrincipalElement principal)
    {
        if (principal.IsWildcard)
        {
            writer.WriteStringValue("*"u8);
            return;
        }

        writer.WriteStartObject();
        foreach (var type in (ReadOnlySpan<PrincipalType>)[PrincipalType.Aws, PrincipalType.Federated, PrincipalType.Service, PrincipalType.CanonicalUser])
        {
            var values = principal.Principals.Where(p => p.Type == type).Select(p => p.Value).ToImmutableArray();
            if (values.IsEmpty)
            {
                continue;
            }

            writer.WritePropertyName(type switch
            {
                PrincipalType.Aws => "AWS",
                PrincipalType.Federated => "Federated",
                PrincipalType.Service => "Service",
                _ => "CanonicalUser",
            });
            WriteStrings(writer, values);
        }

        writer.WriteEndObject();
    }

    private static void WriteConditions(Utf8JsonWriter writer, ImmutableArray<PolicyCondition> conditions)
    {
        writer.WriteStartObject("Condition"u8);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in conditions)
        {
            var op = condition.Operator.Text;
            if (!written.Add(op))
            {
                continue;
            }

            writer.WriteStartObject(op);
            foreach (var same in conditions)
            {
                if (string.Equals(same.Operator.Text, op, StringComparison.Ordinal))
                {
                    writer.WritePropertyName(same.Key);
                    WriteValues(writer, same.Values);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter writer, ImmutableArray<ConditionValue> values)
    {
        if (values.Length == 1)
        {
            WriteValue(writer, values[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var value in values)
        {
            WriteValue(writer, value);
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, ConditionValue value)
    {
        switch (value.Kind)
        {
            case ConditionValueKind.Boolean:
                writer.WriteBooleanValue(string.Equals(value.Text, "true", StringComparison.OrdinalIgnoreCase));
                break;
            case ConditionValueKind.Number:
                writer.WriteRawValue(value.Text, skipInputValidation: false);
                break;
            default:
                writer.WriteStringValue(value.Text);
                break;
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, ImmutableArray<string> values)
    {
        if (values.Length == 1)
        {
            writer.WriteStringValue(values[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
