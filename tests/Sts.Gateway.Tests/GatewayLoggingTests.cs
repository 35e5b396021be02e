using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sts.Gateway.Tests;

/// <summary>The gateway wires Sts through <c>AddSts</c>: the library's components log through the host's ASP.NET Core
/// logging, each under its own category, with the event ids of docs/telemetry.md, and never the token sent.</summary>
public sealed class GatewayLoggingTests
{
    [Test]
    public async Task Requests_RefusedByStsComponents_LoggedThroughTheHostUnderTheirCategories()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await GatewayHost.StartAsync(services => services.AddSingleton<ILoggerProvider>(logs));
        using var http = new HttpClient();
        const string token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlIn0.c2lnbmF0dXJlLW5vdC12YWxpZA";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "AssumeRoleWithWebIdentity",
            ["Version"] = "2011-06-15",
            ["RoleArn"] = "arn:aws:iam:::role/Nobody",
            ["RoleSessionName"] = "session",
            ["WebIdentityToken"] = token,
        });
        using var webIdentity = await http.PostAsync(host.Url + "/", form);
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("AKIAUNKNOWNKEY000001", "unknown-secret"), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = host.Url,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        var unknownKey = async () => await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        await unknownKey.Should().ThrowAsync<AmazonSecurityTokenServiceException>().Where(e => e.ErrorCode == "InvalidClientTokenId");
        Assert.That((int)webIdentity.StatusCode, Is.EqualTo(403), "AccessDenied: no such role");
        var entries = logs.Entries.ToArray();
        entries.Should().Contain(e => e.Category == "Sts.Core.SecurityToken.StsService" && e.EventId == 1002, "StsService logs the refused AssumeRoleWithWebIdentity");
        entries.Should().Contain(e => e.Category == "Sts.Core.Hosting.StsCredentialResolver" && e.EventId == 2003, "the resolver logs the unknown access key");
        entries.Should().Contain(e => e.Category == "Sts.Gateway.SigV4RequestAuthorizer" && e.EventId == 2002, "authentication failures are logged by the gateway's authorizer");
        entries.Should().NotContain(e => e.Message.Contains(token, StringComparison.Ordinal) || e.Message.Contains("unknown-secret", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, int EventId, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, eventId.Id, formatter(state, exception)));
        }
    }
}
