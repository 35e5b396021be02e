using System.Net.Http.Headers;

namespace Sts.Benchmarks.Gateway;

/// <summary>A request signed once, replayed as many times as needed (a SigV4 signature holds for 15 minutes).</summary>
internal sealed record SignedRequest(HttpMethod Method, string Url, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Url + PathAndQuery);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        return message;
    }
}
