using System.Text;

namespace Sts.Core.Protocol;

/// <summary>Decodes <c>application/x-www-form-urlencoded</c> text (bodies and query strings) strictly:
/// <c>+</c> is a space, <c>%XX</c> a byte, the bytes UTF-8.</summary>
internal static class QueryForm
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static StsError? Decode(ReadOnlySpan<byte> form, Dictionary<string, string> into, int maxParameters)
    {
        var buffer = form.Length <= 1024 ? stackalloc byte[form.Length] : new byte[form.Length];
        while (!form.IsEmpty)
        {
            var end = form.IndexOf((byte)'&');
            var pair = end < 0 ? form : form[..end];
            form = end < 0 ? [] : form[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
            if (!TryDecode(rawName, buffer, out var name) || !TryDecode(rawValue, buffer, out var value))
            {
                return QueryErrors.MalformedQueryString(Encoding.ASCII.GetString(pair.Length > 64 ? pair[..64] : pair));
            }

            if (name.Length == 0)
            {
                return QueryErrors.MalformedQueryString(Encoding.ASCII.GetString(pair.Length > 64 ? pair[..64] : pair));
            }

            if (!into.TryAdd(name, value))
            {
                return QueryErrors.DuplicateParameter(name);
            }

            if (into.Count > maxParameters)
            {
                return QueryErrors.TooManyParameters(maxParameters);
            }
        }

        return null;
    }

    private static bool TryDecode(ReadOnlySpan<byte> raw, Span<byte> buffer, out string text)
    {
        text = string.Empty;
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'+')
            {
                buffer[length++] = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    return false;
                }

                buffer[length++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else
            {
                buffer[length++] = b;
            }
        }

        try
        {
            text = StrictUtf8.GetString(buffer[..length]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
