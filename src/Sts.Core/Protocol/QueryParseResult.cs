using System.Diagnostics.CodeAnalysis;

namespace Sts.Core.Protocol;

/// <summary>
/// The outcome of <c>QueryProtocol.Parse</c>: a request, or an error. Either way it names the
/// service whose XML namespace the response uses.
/// </summary>
public sealed class QueryParseResult
{
    private QueryParseResult(QueryServiceModel service, QueryRequest? request, StsError? error)
    {
        Service = service;
        Request = request;
        Error = error;
    }

    /// <summary>The service the request was addressed to (by <c>Version</c>, else by the caller's hint).</summary>
    public QueryServiceModel Service { get; }

    /// <summary>The request, when parsing succeeded.</summary>
    public QueryRequest? Request { get; }

    /// <summary>The error (<c>InvalidAction</c>, <c>MissingParameter</c>, <c>InvalidParameterValue</c>,
    /// <c>ValidationError</c>, <c>MalformedQueryString</c>, <c>RequestEntityTooLarge</c>...), when it failed.</summary>
    public StsError? Error { get; }

    /// <summary>True when <see cref="Request"/> is available.</summary>
    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Request is not null;

    internal static QueryParseResult Success(QueryRequest request) => new(request.Service, request, null);

    internal static QueryParseResult Failure(QueryServiceModel service, StsError error) => new(service, null, error);
}
