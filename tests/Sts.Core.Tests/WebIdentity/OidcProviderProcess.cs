using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// The npm <c>oidc-provider</c> (a certified OpenID provider) run by tests/node/oidc/provider.mjs as
/// a child process on a free 127.0.0.1 port; stops when disposed (stdin closed, then killed).
/// </summary>
internal sealed class OidcProviderProcess : IAsyncDisposable
{
    internal const string ClientId = "sts-client";
    private const string ClientSecret = "sts-client-secret-for-tests-only";

    private readonly Process _process;
    private readonly HttpClient _http = new();
    private readonly StringBuilder _stderr = new();

    private OidcProviderProcess(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    internal string Issuer { get; }

    internal static async Task<OidcProviderProcess> StartAsync()
    {
        var start = new ProcessStartInfo("node", [NodeTools.Script("provider.mjs"), "0"])
        {
            WorkingDirectory = NodeTools.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new AssertionException("could not start node provider.mjs");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line is null || !line.StartsWith("READY ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new AssertionException($"oidc-provider did not start: {line} {await stderr}");
        }

        return new OidcProviderProcess(process, line["READY ".Length..].Trim());
    }

    /// <summary>A JWT access token from the client_credentials grant for a resource (urn:sts:rs256 or urn:sts:es256).</summary>
    internal async Task<string> ClientCredentialsTokenAsync(string resource)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["resource"] = resource,
                ["scope"] = "api",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes(ClientId + ":" + ClientSecret)));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new AssertionException($"oidc-provider token endpoint answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
