using Microsoft.AspNetCore.Http;
using Sts.Core;
using Sts.Core.S3;

namespace Sts.Gateway;

/// <summary>
/// The authorizer of a build in which no request verifier is wired: it refuses every request with
/// <c>AccessDenied</c>. Fail closed: a gateway that cannot verify signatures serves nothing.
/// </summary>
internal sealed class UnwiredRequestAuthorizer : IRequestAuthorizer
{
    public ValueTask<GatewayAuthentication> AuthenticateAsync(HttpContext context, bool isQueryProtocol, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GatewayAuthentication.Failure(new StsError("AccessDenied", "Access Denied: this gateway has no request verifier wired, so it refuses every request.", 403)));

    public bool IsAllowed(GatewayPrincipal? principal, S3AuthorizationCheck check, string? bucketPolicy, string? bucketOwnerAccount) => false;
}
