using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sts.Core;
using Sts.Core.Protocol;
using Sts.Core.S3;

namespace Sts.Gateway.Tests;

/// <summary>An unexpected exception inside the gateway: an AWS error document (STS/IAM: <c>ErrorResponse</c> with
/// <c>InternalFailure</c>, Type <c>Receiver</c>; S3: <c>InternalError</c>), status 500, nothing of the exception in the
/// answer, the exception in the log. The fault is injected by replacing a DI component with one that throws.</summary>
[TestFixture]
public sealed class GatewayFaultTests
{
    private const string Secret = "fault-secret-3f9a";

    private readonly CapturingLoggerProvider _logs = new();
    private GatewayHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await GatewayHost.StartAsync(services =>
    {
        services.AddSingleton<IRequestAuthorizer>(new ThrowingAuthorizer());
        services.AddSingleton<IQueryDispatcher>(new ThrowingDispatcher());
        services.AddSingleton<ILoggerProvider>(_logs);
    });

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCase("GetCallerIdentity", "2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/", TestName = "Sts_DispatcherThrows_InternalFailureInTheStsNamespace")]
    [TestCase("ListRoles", "2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/", TestName = "Iam_DispatcherThrows_InternalFailureInTheIamNamespace")]
    public async Task QuerySurface_DispatcherThrows_AnswersInternalFailureWithoutTheException(string action, string version, string ns)
    {
        using var http = new HttpClient();

        var response = await http.PostAsync(_host.Url + "/", new FormUrlEncodedContent([new("Action", action), new("Version", version)]));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Does.StartWith($"<ErrorResponse xmlns=\"{ns}\"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>"));
        Assert.That(body, Does.Not.Contain(Secret).And.Not.Contain("Exception").And.Not.Contain(" at "));
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        Assert.That(body, Does.Contain($"<RequestId>{requestId}</RequestId>"));
        Assert.That(_logs.Entries, Has.Some.Matches<(LogLevel Level, string Message, Exception? Exception)>(e =>
            e.Level == LogLevel.Error && e.Message.Contains(requestId, StringComparison.Ordinal) && e.Exception is InvalidOperationException));
    }

    [Test]
    public async Task S3Surface_AuthorizerThrows_AnswersInternalErrorWithoutTheException()
    {
        using var http = new HttpClient();

        // ListBuckets: no bucket to look up first, so the first S3 decision is reached.
        var response = await http.GetAsync(_host.Url + "/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Does.Contain("<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><Resource>/</Resource>"));
        Assert.That(body, Does.Not.Contain(Secret).And.Not.Contain("Exception").And.Not.Contain(" at "));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/xml"));
        Assert.That(_logs.Entries, Has.Some.Matches<(LogLevel Level, string Message, Exception? Exception)>(e =>
            e.Level == LogLevel.Error && e.Message.Contains("S3", StringComparison.Ordinal) && e.Exception is InvalidOperationException));
    }

    private sealed class ThrowingDispatcher : IQueryDispatcher
    {
        public ValueTask<StsResult<QueryStructure?>> DispatchAsync(QueryRequest request, GatewayPrincipal? principal, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("injected fault carrying " + Secret);
    }

    /// <summary>Authenticates every request as the default account's root, then fails on the first S3 decision.</summary>
    private sealed class ThrowingAuthorizer : IRequestAuthorizer
    {
        private readonly TestRootAuthorizer _root = new();

        public ValueTask<GatewayAuthentication> AuthenticateAsync(HttpContext context, bool isQueryProtocol, CancellationToken cancellationToken) =>
            _root.AuthenticateAsync(context, isQueryProtocol, cancellationToken);

        public bool IsAllowed(GatewayPrincipal? principal, S3AuthorizationCheck check, string? bucketPolicy, string? bucketOwnerAccount) =>
            throw new InvalidOperationException("injected fault carrying " + Secret);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
