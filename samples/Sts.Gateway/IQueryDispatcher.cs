using Sts.Core;
using Sts.Core.Protocol;

namespace Sts.Gateway;

/// <summary>Answers a parsed STS or IAM request for an authenticated principal (null only for operations the
/// model marks unauthenticated, such as AssumeRoleWithWebIdentity).</summary>
internal interface IQueryDispatcher
{
    ValueTask<StsResult<QueryStructure?>> DispatchAsync(QueryRequest request, GatewayPrincipal? principal, CancellationToken cancellationToken);
}
