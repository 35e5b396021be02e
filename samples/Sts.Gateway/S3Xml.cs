using System.Globalization;
using System.Text;

namespace Sts.Gateway;

/// <summary>S3's XML: a tiny writer with escaping, and the shapes the gateway answers with.</summary>
internal sealed class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly StringBuilder _text = new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    public S3Xml Open(string name, bool withNamespace = false)
    {
        _text.Append('<').Append(name);
        if (withNamespace)
        {
            _text.Append(" xmlns=\"").Append(Namespace).Append('"');
        }

        _text.Append('>');
        return this;
    }

    public S3Xml Close(string name)
    {
        _text.Append("</").Append(name).Append('>');
        return this;
    }

    public S3Xml Element(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append('<').Append(name).Append('>');
        Escape(value);
        _text.Append("</").Append(name).Append('>');
        return this;
    }

    public S3Xml Element(string name, long value) => Element(name, value.ToString(CultureInfo.InvariantCulture));

    public S3Xml Element(string name, bool value) => Element(name, value ? "true" : "false");

    public S3Xml Element(string name, DateTimeOffset value) => Element(name, Timestamp(value));

    public static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();

    private void Escape(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': _text.Append("&amp;"); break;
                case '<': _text.Append("&lt;"); break;
                case '>': _text.Append("&gt;"); break;
                case '"': _text.Append("&quot;"); break;
                case '\'': _text.Append("&apos;"); break;
                case '\r': _text.Append("&#13;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t')
                    {
                        _text.Append("&#").Append((int)c).Append(';');
                    }
                    else
                    {
                        _text.Append(c);
                    }

                    break;
            }
        }
    }
}
