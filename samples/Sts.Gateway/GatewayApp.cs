using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sts.Core.Protocol;

namespace Sts.Gateway;

/// <summary>Builds the gateway: one endpoint for S3 (path-style), STS and IAM.</summary>
internal static class GatewayApp
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    /// <summary>Builds the application; <paramref name="configureServices"/> lets tests replace services.</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 5L * 1024 * 1024 * 1024;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Host.ConfigureHostOptions(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        if (options.Validate() is { } invalid)
        {
            throw new InvalidOperationException("Invalid gateway configuration: " + invalid);
        }

        var root = RootCredentials.Resolve(options);
        MoveEarlierObjectDirectory(options);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(root);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new ObjectStore(options.ObjectDirectoryPath, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<MultipartUploads>();
        builder.Services.AddSingleton(new QueryProtocol());
        StsServices.Add(builder.Services, options);
        builder.Services.AddSingleton<IRequestAuthorizer, SigV4RequestAuthorizer>();
        builder.Services.AddSingleton<S3Handler>();
        builder.Services.AddSingleton<QueryHandler>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        StsServices.Open(app.Services);
        var s3 = app.Services.GetRequiredService<S3Handler>();
        var query = app.Services.GetRequiredService<QueryHandler>();
        app.Run(context => IsQueryProtocol(context) ? query.HandleAsync(context) : s3.HandleAsync(context));

        if (root.Generated)
        {
            Console.WriteLine($"Gateway root credentials (default account) — Gateway__Root__AccessKeyId={root.AccessKeyId} Gateway__Root__SecretAccessKey={root.SecretAccessKey}");
        }

        Console.WriteLine($"Gateway data directory: {options.DataDirectory}; IAM store: {(options.UsesPostgres ? "PostgreSQL" : "SQLite")}; compatibility: {(options.IsCephCompatible ? "Ceph" : "AWS")}");
        return app;
    }

    /// <summary>Earlier versions kept buckets in <c>DataDirectory/s3</c>: moved once to the default <c>DataDirectory/objects</c>.</summary>
    private static void MoveEarlierObjectDirectory(GatewayOptions options)
    {
        var earlier = Path.Combine(options.DataDirectory, "s3");
        if (options.ObjectDirectory is not { Length: > 0 } && Directory.Exists(earlier) && !Directory.Exists(options.ObjectDirectoryPath))
        {
            Directory.Move(earlier, options.ObjectDirectoryPath);
        }
    }

    /// <summary>STS and IAM: <c>POST /</c> with a form body, or <c>GET /?Action=...</c>. Everything else is S3.</summary>
    public static bool IsQueryProtocol(HttpContext context)
    {
        var request = context.Request;
        if (request.Path != "/" && request.Path != string.Empty)
        {
            return false;
        }

        if (HttpMethods.IsPost(request.Method))
        {
            return request.ContentType is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        }

        return HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("Action");
    }
}
