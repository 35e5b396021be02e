using Sts.SigV4;

namespace Sts.Gateway;

/// <summary>
/// Resolves the access keys the gateway knows today: the roots of the configured accounts (the default
/// account, Ceph's default tenant with an empty account field, and <c>Gateway__Accounts__N</c>). Temporary
/// credentials need the STS service, which this build does not wire: a session token is refused.
/// </summary>
internal sealed class AccountRootCredentialResolver : ICredentialResolver
{
    private readonly Dictionary<string, (string Secret, GatewayPrincipal Principal)> _roots = new(StringComparer.Ordinal);

    public AccountRootCredentialResolver(GatewayOptions options, RootCredentials root)
    {
        _roots[root.AccessKeyId] = (root.SecretAccessKey, new GatewayPrincipal(string.Empty, "arn:aws:iam:::root", IsAccountRoot: true, null));
        foreach (var account in options.Accounts)
        {
            _roots[account.RootAccessKeyId!] = (account.RootSecretAccessKey!, new GatewayPrincipal(account.Id!, $"arn:aws:iam::{account.Id}:root", IsAccountRoot: true, null));
        }
    }

    public ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        if (sessionToken is not null)
        {
            return ValueTask.FromResult(SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidToken, "The provided token is malformed or otherwise invalid."));
        }

        return ValueTask.FromResult(_roots.TryGetValue(accessKeyId, out var found)
            ? SigV4CredentialResult.Success(found.Secret, found.Principal)
            : SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records."));
    }
}
