using System.Text;

namespace Sts.SigV4.Tests.TestSupport;

/// <summary>Produces copies of a signed request with exactly one signed element changed by one character.</summary>
internal static class Mutations
{
    public sealed record Mutation(string Element, SigV4Request Request);

    public static IEnumerable<Mutation> Of(RawHttpRequest signed, IReadOnlyList<string> signedHeaders, bool bodySigned)
    {
        string method = !string.Equals(signed.Method.ToLowerInvariant(), signed.Method, StringComparison.Ordinal) ? signed.Method.ToLowerInvariant() : signed.Method + "X";
        yield return new("method", With(signed, method: method));
        yield return new("path", With(signed, path: signed.RawPath + "x"));
        if (signed.RawQuery.Length > 0)
        {
            string[] pairs = signed.RawQuery.Split('&');
            for (int i = 0; i < pairs.Length; i++)
            {
                if (pairs[i].StartsWith("X-Amz-Signature=", StringComparison.Ordinal))
                {
                    continue;
                }

                string[] copy = (string[])pairs.Clone();
                copy[i] = copy[i].Contains('=', StringComparison.Ordinal) ? copy[i] + "x" : copy[i] + "x";
                yield return new("query item " + pairs[i].Split('=')[0], With(signed, query: string.Join('&', copy)));
            }
        }

        foreach (string name in signedHeaders)
        {
            var headers = new List<KeyValuePair<string, string>>(signed.Headers);
            int index = headers.FindIndex(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                continue;
            }

            headers[index] = new(headers[index].Key, Flip(headers[index].Value, appendIfNone: "x"));
            yield return new("header " + name, With(signed, headers: headers));
        }

        if (bodySigned && signed.Body.Length > 0)
        {
            byte[] body = (byte[])signed.Body.Clone();
            body[0] ^= 0x01;
            yield return new("body", With(signed, body: body));
        }
    }

    /// <summary>Changes the first letter or digit (a→b, z→y, 0→1), keeping the text's shape.</summary>
    public static string Flip(string text, string appendIfNone)
    {
        var builder = new StringBuilder(text);
        for (int i = 0; i < builder.Length; i++)
        {
            char c = builder[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder[i] = c switch
                {
                    'z' => 'y',
                    'Z' => 'Y',
                    '9' => '8',
                    _ => (char)(c + 1),
                };
                return builder.ToString();
            }
        }

        return text + appendIfNone;
    }

    private static SigV4Request With(RawHttpRequest r, string? method = null, string? path = null, string? query = null, List<KeyValuePair<string, string>>? headers = null, byte[]? body = null)
    {
        byte[] b = body ?? r.Body;
        return new SigV4Request
        {
            Method = method ?? r.Method,
            RawPath = path ?? r.RawPath,
            RawQuery = query ?? r.RawQuery,
            Headers = headers ?? r.Headers,
            Body = b.Length == 0 ? null : new MemoryStream(b),
        };
    }
}
