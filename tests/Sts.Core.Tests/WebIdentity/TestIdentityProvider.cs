using System.Net.Security;
using System.Text.Json.Nodes;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// A discovery + JWKS endpoint on 127.0.0.1 whose JWKS can be replaced, taken down, and counted.
/// The issuer is the server's base URL (https when a TLS context is given).
/// </summary>
internal sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly MiniHttpServer _server;
    private volatile string _jwks = """{"keys":[]}""";
    private int _jwksRequests;
    private int _discoveryRequests;

    internal TestIdentityProvider(SslStreamCertificateContext? tls = null, string issuerPath = "")
    {
        IssuerPath = issuerPath;
        _server = new MiniHttpServer(Handle, tls);
    }

    internal string IssuerPath { get; }

    internal string Issuer => _server.BaseUrl + IssuerPath;

    internal string Jwks { get => _jwks; set => _jwks = value; }

    internal volatile bool Down;

    /// <summary>When set, requests hang until it is signalled (or 30 s pass): a provider that accepts but never answers.</summary>
    internal volatile ManualResetEventSlim? Stall;

    /// <summary>Whether responses carry Content-Length (otherwise the body ends when the connection closes).</summary>
    internal bool SendContentLength { get => _server.SendContentLength; set => _server.SendContentLength = value; }

    /// <summary>When set, the discovery document's body (the JWKS still comes from <see cref="Jwks"/>).</summary>
    internal volatile string? DiscoveryOverride;

    internal int JwksRequests => Volatile.Read(ref _jwksRequests);

    internal int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private (int Status, string Body) Handle(string path)
    {
        Stall?.Wait(TimeSpan.FromSeconds(30));
        if (Down)
        {
            return (503, """{"error":"down"}""");
        }

        if (path == IssuerPath + "/.well-known/openid-configuration")
        {
            Interlocked.Increment(ref _discoveryRequests);
            return (200, DiscoveryOverride ?? new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = Issuer + "/jwks",
                ["authorization_endpoint"] = Issuer + "/auth",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES256"),
            }.ToJsonString());
        }

        if (path == IssuerPath + "/jwks")
        {
            Interlocked.Increment(ref _jwksRequests);
            return (200, _jwks);
        }

        return (404, """{"error":"not found"}""");
    }
}
