using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Sts.Gateway.Tests;

/// <summary>The gateway in-process on a free loopback port, with a temporary data directory.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string url, string dataDirectory)
    {
        _app = app;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public string Url { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayHost> StartAsync(Action<IServiceCollection> services, string? dataDirectory = null, params string[] settings)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("sts-gateway-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var args = new List<string> { "--urls", url, "--Gateway:DataDirectory", dataDirectory, "--Gateway:Root:AccessKeyId", "AKIAGATEWAYTESTROOT1", "--Gateway:Root:SecretAccessKey", "gatewaytestrootsecretgatewaytestrootsecr" };
        args.AddRange(settings);
        var app = GatewayApp.Build(args.ToArray(), services);
        await app.StartAsync();
        return new GatewayHost(app, url, dataDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
