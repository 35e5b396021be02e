using Microsoft.AspNetCore.Http;
using Sts.Core.S3;

namespace Sts.Gateway.Tests;

/// <summary>
/// Test double for the storage tests, where authentication is not the point: every request is taken as
/// the default account's root (no signature is checked), and a check is allowed when the principal is that
/// root and the bucket is its own, or the action is in <see cref="AllowedActions"/> for a non-root caller.
/// Never part of the gateway itself, which ships fail-closed.
/// </summary>
internal sealed class TestRootAuthorizer(bool asRoot = true, string ownAccount = "", params string[] allowedActions) : IRequestAuthorizer
{
    public IReadOnlyCollection<string> AllowedActions { get; } = allowedActions;

    public ValueTask<GatewayAuthentication> AuthenticateAsync(HttpContext context, bool isQueryProtocol, CancellationToken cancellationToken)
    {
        var principal = asRoot
            ? new GatewayPrincipal(ownAccount, $"arn:aws:iam::{ownAccount}:root", IsAccountRoot: true, null)
            : new GatewayPrincipal(string.Empty, "arn:aws:sts:::assumed-role/R/S", IsAccountRoot: false, null);
        return ValueTask.FromResult(GatewayAuthentication.Success(principal, context.Request.Body, string.Empty, S3AuthType.Header, "AWS4-HMAC-SHA256"));
    }

    public bool IsAllowed(GatewayPrincipal? principal, S3AuthorizationCheck check, string? bucketPolicy, string? bucketOwnerAccount) =>
        principal is not null && (principal.IsAccountRoot
            ? bucketOwnerAccount is null || bucketOwnerAccount == principal.AccountId
            : AllowedActions.Contains(check.Action));
}
