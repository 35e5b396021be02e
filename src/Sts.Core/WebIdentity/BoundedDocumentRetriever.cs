using System.Text;
using Microsoft.IdentityModel.Protocols;

namespace Sts.Core.WebIdentity;

/// <summary>
/// The <see cref="IDocumentRetriever"/> that fetches discovery and JWKS documents for
/// <see cref="Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfigurationRetriever"/>:
/// over the injected <see cref="HttpClient"/>, <c>https://</c> only unless http is allowed, success
/// statuses only, and never more than the configured number of bytes. One instance per fetch; it
/// remembers why it failed, in one line, for the error message.
/// </summary>
internal sealed class BoundedDocumentRetriever : IDocumentRetriever
{
    private readonly HttpClient _client;
    private readonly HttpRule _http;
    private readonly int _maxBytes;

    internal BoundedDocumentRetriever(HttpClient client, HttpRule http, int maxBytes)
    {
        _client = client;
        _http = http;
        _maxBytes = maxBytes;
    }

    /// <summary>Why the last fetch failed, in one line.</summary>
    internal string? Failure { get; private set; }

    /// <summary>The address of the last document fetched successfully (the JWKS after a complete fetch).</summary>
    internal Uri? LastAddress { get; private set; }

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !IsAllowed(uri))
        {
            var also = _http switch
            {
                HttpRule.Anywhere => " (or http://)",
                HttpRule.LoopbackOnly => " (or http:// on a loopback host)",
                _ => "",
            };
            throw Fail($"refused to fetch {WebIdentityErrors.Quote(address)}: only https:// URLs are allowed{also}");
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Fail($"{uri.GetLeftPart(UriPartial.Path)} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > _maxBytes)
            {
                throw Fail($"{uri.GetLeftPart(UriPartial.Path)} announced {response.Content.Headers.ContentLength} bytes, more than the {_maxBytes} bytes allowed");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[Math.Min(_maxBytes + 1, 16 * 1024)];
                var total = 0;
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        if (total > _maxBytes)
                        {
                            throw Fail($"{uri.GetLeftPart(UriPartial.Path)} sent more than the {_maxBytes} bytes allowed");
                        }

                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, _maxBytes + 1));
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(total), cancel).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }

                if (total > _maxBytes)
                {
                    throw Fail($"{uri.GetLeftPart(UriPartial.Path)} sent more than the {_maxBytes} bytes allowed");
                }

                LastAddress = uri;
                return new UTF8Encoding(false, true).GetString(buffer, 0, total);
            }
        }
        catch (OperationCanceledException) when (Failure is null)
        {
            throw Fail($"{uri.GetLeftPart(UriPartial.Path)} did not answer in time");
        }
        catch (HttpRequestException exception) when (Failure is null)
        {
            throw Fail($"{uri.GetLeftPart(UriPartial.Path)} could not be reached ({exception.HttpRequestError})");
        }
        catch (DecoderFallbackException) when (Failure is null)
        {
            throw Fail($"{uri.GetLeftPart(UriPartial.Path)} sent a body that is not UTF-8");
        }
    }

    private bool IsAllowed(Uri uri) => uri.Scheme == Uri.UriSchemeHttps
        || (uri.Scheme == Uri.UriSchemeHttp && (_http == HttpRule.Anywhere || (_http == HttpRule.LoopbackOnly && OidcIssuer.IsLoopbackHost(uri))));

    private IOException Fail(string message)
    {
        Failure = message;
        return new IOException(message);
    }
}
