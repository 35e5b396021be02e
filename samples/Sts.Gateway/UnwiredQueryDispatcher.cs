using Sts.Core;
using Sts.Core.Protocol;

namespace Sts.Gateway;

/// <summary>The dispatcher of a build in which no STS/IAM service is wired: every operation is refused.</summary>
internal sealed class UnwiredQueryDispatcher : IQueryDispatcher
{
    public ValueTask<StsResult<QueryStructure?>> DispatchAsync(QueryRequest request, GatewayPrincipal? principal, CancellationToken cancellationToken) =>
        ValueTask.FromResult(StsResult<QueryStructure?>.Failure(new StsError("NotImplemented", $"{request.Operation.Name} is not available: this gateway has no {request.Service.EndpointPrefix.ToUpperInvariant()} service wired.", 501)));
}
