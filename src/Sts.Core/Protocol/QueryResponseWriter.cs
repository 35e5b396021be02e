using System.Globalization;
using System.Text;

namespace Sts.Core.Protocol;

/// <summary>
/// Writes Query-protocol XML exactly as AWS does, generically from the model:
/// <c>&lt;OpResponse xmlns="ns"&gt;&lt;OpResult&gt;...&lt;/OpResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</c>;
/// lists as <c>&lt;member&gt;</c>, maps as <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c>, timestamps
/// ISO 8601 UTC, IAM policy documents URL-encoded; and <c>ErrorResponse</c> for errors.
/// </summary>
public static class QueryResponseWriter
{
    /// <summary>The content type of every response.</summary>
    public const string ContentType = "text/xml";

    /// <summary>Writes a success response.</summary>
    /// <param name="operation">The operation answered.</param>
    /// <param name="output">Its output (null or empty for operations without output members).</param>
    /// <param name="requestId">The request id.</param>
    /// <returns>The XML document.</returns>
    /// <exception cref="ArgumentException">The output names a member the model does not have, lacks a
    /// member the model requires, or holds a value of the wrong type (a programming error).</exception>
    public static string WriteResult(QueryOperation operation, QueryStructure? output, string requestId)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(requestId);
        var xml = new StringBuilder(512);
        var responseName = operation.Name + "Response";
        xml.Append('<').Append(responseName).Append(" xmlns=\"").Append(operation.Service.XmlNamespace).Append("\">");
        if (operation.Output is not null && operation.ResultWrapper is not null)
        {
            xml.Append('<').Append(operation.ResultWrapper).Append('>');
            WriteMembers(xml, operation.Output, output ?? QueryStructure.Empty, operation.Name);
            xml.Append("</").Append(operation.ResultWrapper).Append('>');
        }
        else if (output is { Count: > 0 })
        {
            throw new ArgumentException($"{operation.Name} has no output members, yet output was given.", nameof(output));
        }

        xml.Append("<ResponseMetadata><RequestId>");
        Escape(xml, requestId);
        xml.Append("</RequestId></ResponseMetadata></").Append(responseName).Append('>');
        return xml.ToString();
    }

    /// <summary>Writes an <c>ErrorResponse</c>: <c>Type</c> <c>Sender</c> for 4xx, <c>Receiver</c> for 5xx.</summary>
    /// <param name="service">The service answering (its namespace is used).</param>
    /// <param name="error">The error.</param>
    /// <param name="requestId">The request id.</param>
    /// <returns>The XML document.</returns>
    public static string WriteError(QueryServiceModel service, StsError error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(requestId);
        var xml = new StringBuilder(256);
        xml.Append("<ErrorResponse xmlns=\"").Append(service.XmlNamespace).Append("\"><Error><Type>")
            .Append(error.IsSenderFault ? "Sender" : "Receiver").Append("</Type><Code>");
        Escape(xml, error.Code);
        xml.Append("</Code><Message>");
        Escape(xml, error.Message);
        xml.Append("</Message></Error><RequestId>");
        Escape(xml, requestId);
        xml.Append("</RequestId></ErrorResponse>");
        return xml.ToString();
    }

    private static void WriteMembers(StringBuilder xml, QueryShape shape, QueryStructure values, string path)
    {
        foreach (var name in values.Names)
        {
            if (shape.FindMember(name) is null)
            {
                throw new ArgumentException($"{path}: the shape {shape.Name} has no member {name}.", nameof(values));
            }
        }

        foreach (var member in shape.Members)
        {
            var value = values.GetValue(member.Name);
            if (value is null)
            {
                if (member.IsRequired)
                {
                    throw new ArgumentException($"{path}: the required member {member.Name} of {shape.Name} is missing.", nameof(values));
                }

                continue;
            }

            xml.Append('<').Append(member.Name).Append('>');
            WriteValue(xml, member.Shape, value, path + "." + member.Name);
            xml.Append("</").Append(member.Name).Append('>');
        }
    }

    private static void WriteValue(StringBuilder xml, QueryShape shape, object value, string path)
    {
        switch (shape.Kind, value)
        {
            case (QueryShapeKind.String, string text):
                if (shape.IsPolicyDocument)
                {
                    xml.Append(Uri.EscapeDataString(text));
                }
                else
                {
                    Escape(xml, text);
                }

                break;
            case (QueryShapeKind.Integer, int number):
                xml.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case (QueryShapeKind.Long, long number):
                xml.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case (QueryShapeKind.Long, int number):
                xml.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case (QueryShapeKind.Boolean, bool flag):
                xml.Append(flag ? "true" : "false");
                break;
            case (QueryShapeKind.Timestamp, DateTimeOffset time):
                xml.Append(QueryTimestamp.Format(time));
                break;
            case (QueryShapeKind.Blob, byte[] bytes):
                xml.Append(Convert.ToBase64String(bytes));
                break;
            case (QueryShapeKind.Structure, QueryStructure structure):
                WriteMembers(xml, shape, structure, path);
                break;
            case (QueryShapeKind.List, System.Collections.IEnumerable items) when value is not string:
                foreach (var item in items)
                {
                    xml.Append("<member>");
                    WriteValue(xml, shape.Element!, item ?? throw new ArgumentException($"{path}: a list holds null.", nameof(value)), path + ".member");
                    xml.Append("</member>");
                }

                break;
            case (QueryShapeKind.Map, IEnumerable<KeyValuePair<string, object>> entries):
                foreach (var (key, entryValue) in entries)
                {
                    xml.Append("<entry><key>");
                    WriteValue(xml, shape.MapKey!, key, path + ".key");
                    xml.Append("</key><value>");
                    WriteValue(xml, shape.MapValue!, entryValue, path + ".value");
                    xml.Append("</value></entry>");
                }

                break;
            default:
                throw new ArgumentException($"{path}: a {shape.Kind} ({shape.Name}) cannot be written from a {value.GetType().Name}.", nameof(value));
        }
    }

    private static void Escape(StringBuilder xml, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': xml.Append("&amp;"); break;
                case '<': xml.Append("&lt;"); break;
                case '>': xml.Append("&gt;"); break;
                case '"': xml.Append("&quot;"); break;
                case '\r': xml.Append("&#xD;"); break;
                default: xml.Append(c); break;
            }
        }
    }
}
