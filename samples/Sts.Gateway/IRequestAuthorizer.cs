using Microsoft.AspNetCore.Http;
using Sts.Core.S3;

namespace Sts.Gateway;

/// <summary>
/// The one seam between the gateway's HTTP surface and the library's security: authenticate a request
/// (SigV4 verification, credential and session-token resolution) and decide each IAM check (the policy
/// evaluator, with the bucket policy as the resource policy).
/// </summary>
internal interface IRequestAuthorizer
{
    /// <summary>Authenticates a request for the S3 or Query family.</summary>
    ValueTask<GatewayAuthentication> AuthenticateAsync(HttpContext context, bool isQueryProtocol, CancellationToken cancellationToken);

    /// <summary>Decides one check for the principal (null: anonymous) given the bucket policy JSON (null: none).</summary>
    bool IsAllowed(GatewayPrincipal? principal, S3AuthorizationCheck check, string? bucketPolicy, string? bucketOwnerAccount);
}
