using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sts.Core;
using Sts.Core.Protocol;
using Sts.SigV4;

namespace Sts.Gateway;

/// <summary>The STS and IAM surface: authenticate, read the verified body, parse by the models, dispatch, and
/// answer in Query-protocol XML. An unexpected exception is logged and answered <c>InternalFailure</c> (500), as AWS
/// answers its own faults, without its message or stack.</summary>
internal sealed class QueryHandler(QueryProtocol protocol, IRequestAuthorizer authorizer, IQueryDispatcher dispatcher, ILogger<QueryHandler> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var service = new ServiceHolder(protocol.Services[0]);
        try
        {
            await HandleCoreAsync(context, requestId, service);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "Request {RequestId} ({Service}) failed unexpectedly", requestId, service.Value.XmlNamespace);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            context.Response.Headers["x-amzn-RequestId"] = requestId;
            await WriteErrorAsync(context, service.Value, new StsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500), requestId);
        }
    }

    private async Task HandleCoreAsync(HttpContext context, string requestId, ServiceHolder service)
    {
        var cancellationToken = context.RequestAborted;
        var (_, rawQuery) = GatewayHttp.RawTarget(context);
        var fallback = protocol.Services[0];

        if (context.Request.ContentLength > protocol.Options.MaxRequestBytes)
        {
            await WriteErrorAsync(context, fallback, new StsError("RequestEntityTooLarge", $"The request body is larger than {protocol.Options.MaxRequestBytes} bytes.", 413), requestId);
            return;
        }

        var auth = await authorizer.AuthenticateAsync(context, isQueryProtocol: true, cancellationToken);
        if (auth.Error is not null)
        {
            await WriteErrorAsync(context, fallback, auth.Error, requestId);
            return;
        }

        byte[]? body;
        try
        {
            body = await GatewayHttp.ReadBodyAsync(auth.Body, protocol.Options.MaxRequestBytes, cancellationToken);
        }
        catch (SigV4Exception broken)
        {
            await WriteErrorAsync(context, fallback, new StsError(broken.Error.AwsCode, broken.Error.Message, broken.Error.HttpStatus), requestId);
            return;
        }

        if (body is null)
        {
            await WriteErrorAsync(context, fallback, new StsError("RequestEntityTooLarge", $"The request body is larger than {protocol.Options.MaxRequestBytes} bytes.", 413), requestId);
            return;
        }

        var parsed = protocol.Parse(body, System.Text.Encoding.UTF8.GetBytes(rawQuery));
        if (!parsed.IsSuccess)
        {
            await WriteErrorAsync(context, parsed.Service, parsed.Error, requestId);
            return;
        }

        var request = parsed.Request;
        service.Value = request.Service;
        if (auth.Principal is null && !request.Operation.IsUnauthenticated)
        {
            await WriteErrorAsync(context, request.Service, new StsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403), requestId);
            return;
        }

        var result = await dispatcher.DispatchAsync(request, auth.Principal, cancellationToken);
        if (!result.IsSuccess)
        {
            await WriteErrorAsync(context, request.Service, result.Error, requestId);
            return;
        }

        await GatewayHttp.WriteAsync(context, 200, QueryResponseWriter.ContentType, QueryResponseWriter.WriteResult(request.Operation, result.Value, requestId));
    }

    /// <summary>The service a request addresses, once known (its namespace goes into an <c>InternalFailure</c>).</summary>
    private sealed class ServiceHolder(QueryServiceModel value)
    {
        public QueryServiceModel Value { get; set; } = value;
    }

    private static Task WriteErrorAsync(HttpContext context, QueryServiceModel service, StsError error, string requestId) =>
        GatewayHttp.WriteAsync(context, error.HttpStatus, QueryResponseWriter.ContentType, QueryResponseWriter.WriteError(service, error, requestId));
}
