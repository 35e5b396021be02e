using Sts.Core;
using Sts.Core.Protocol;

namespace Sts.Gateway.Tests;

/// <summary>Test double for the Query plumbing: answers GetCallerIdentity from the principal the authorizer
/// established and refuses everything else with the error it is given.</summary>
internal sealed class TestQueryDispatcher(StsError otherwise) : IQueryDispatcher
{
    public List<QueryRequest> Received { get; } = [];

    public ValueTask<StsResult<QueryStructure?>> DispatchAsync(QueryRequest request, GatewayPrincipal? principal, CancellationToken cancellationToken)
    {
        Received.Add(request);
        if (request.Operation.Name == "GetCallerIdentity" && principal is not null)
        {
            return ValueTask.FromResult(StsResult<QueryStructure?>.Success(new QueryStructure([new("UserId", principal.AccountId), new("Account", principal.AccountId), new("Arn", principal.Arn)])));
        }

        return ValueTask.FromResult(StsResult<QueryStructure?>.Failure(otherwise));
    }
}
