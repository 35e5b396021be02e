using Sts.Core;
using Sts.Core.Accounts;
using Sts.Core.Hosting;
using Sts.Core.Protocol;

namespace Sts.Gateway;

/// <summary>The dispatcher of the shipped gateway: the library's <see cref="QueryDispatcher"/> over the real STS and IAM
/// services. The roots configured in the gateway act as their account's root.</summary>
internal sealed class ServiceQueryDispatcher(QueryDispatcher dispatcher) : IQueryDispatcher
{
    public ValueTask<StsResult<QueryStructure?>> DispatchAsync(QueryRequest request, GatewayPrincipal? principal, CancellationToken cancellationToken)
    {
        AuthenticatedCaller? caller = principal switch
        {
            null => null,
            { Identity: AuthenticatedCaller known } => known,
            { IsAccountRoot: true } => AuthenticatedCaller.ForRoot(AccountId.Parse(principal.AccountId)),
            _ => null,
        };
        if (principal is not null && caller is null)
        {
            return ValueTask.FromResult(StsResult<QueryStructure?>.Failure(new StsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403)));
        }

        return dispatcher.DispatchAsync(request, caller, cancellationToken);
    }
}
