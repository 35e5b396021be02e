using System.Text;

namespace Sts.SigV4.Tests.TestSupport;

/// <summary>
/// Reads the suite's request files: <c>METHOD target HTTP/1.1</c>, <c>Name:value</c> lines with obs-fold
/// continuation lines kept (joined by a newline), a blank line, then the body. The target is split at the
/// first <c>?</c> and otherwise taken verbatim, so raw spaces and UTF-8 reach the canonicalizer as written.
/// </summary>
internal sealed class RawHttpRequest
{
    public required string Method { get; init; }

    public required string RawPath { get; init; }

    public required string RawQuery { get; init; }

    public required List<KeyValuePair<string, string>> Headers { get; init; }

    public required byte[] Body { get; init; }

    public static RawHttpRequest Parse(string text)
    {
        int headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        string head = headerEnd < 0 ? text.TrimEnd('\n') : text[..headerEnd];
        string body = headerEnd < 0 ? string.Empty : text[(headerEnd + 2)..];
        string[] lines = head.Split('\n');
        string requestLine = lines[0];
        int firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        int lastSpace = requestLine.LastIndexOf(' ');
        string target = requestLine[(firstSpace + 1)..lastSpace];
        int question = target.IndexOf('?', StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (string line in lines.Skip(1))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                KeyValuePair<string, string> last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new RawHttpRequest
        {
            Method = requestLine[..firstSpace],
            RawPath = question < 0 ? target : target[..question],
            RawQuery = question < 0 ? string.Empty : target[(question + 1)..],
            Headers = headers,
            Body = Encoding.UTF8.GetBytes(body),
        };
    }

    public SigV4Request ToSigV4Request() => new()
    {
        Method = Method,
        RawPath = RawPath,
        RawQuery = RawQuery,
        Headers = Headers,
        Body = Body.Length == 0 ? null : new MemoryStream(Body),
    };
}
