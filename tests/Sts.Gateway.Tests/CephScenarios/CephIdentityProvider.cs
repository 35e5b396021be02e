using System.Text.Json.Nodes;
using Sts.Core.Tests.WebIdentity;

namespace Sts.Gateway.Tests.CephScenarios;

/// <summary>The OpenID provider of the web-identity rows: discovery and JWKS on an <c>http://127.0.0.1</c> issuer with
/// a Keycloak-like realm path, as s3-tests' Keycloak serves them.</summary>
internal sealed class CephIdentityProvider : IAsyncDisposable
{
    private const string RealmPath = "/auth/realms/demo";
    private readonly MiniHttpServer _server;

    public CephIdentityProvider() => _server = new MiniHttpServer(Handle);

    public string Issuer => _server.BaseUrl + RealmPath;

    /// <summary>The JWKS document served (set once the tokens are minted for <see cref="Issuer"/>).</summary>
    public string Jwks { get; set; } = """{"keys":[]}""";

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private (int Status, string Body) Handle(string path) => path switch
    {
        RealmPath + "/.well-known/openid-configuration" => (200, new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/protocol/openid-connect/certs",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }.ToJsonString()),
        RealmPath + "/protocol/openid-connect/certs" => (200, Jwks),
        _ => (404, """{"error":"not found"}"""),
    };
}
