using Sts.SigV4;

namespace Sts.Gateway;

/// <summary>
/// Resolves the roots of the configured accounts (the default account, Ceph's default tenant with an empty account
/// field, and <c>Gateway__Accounts__N</c>); every other key, and every request with a session token, goes to the
/// library's resolver (<c>StsCredentialResolver</c>: IAM users' keys and temporary credentials).
/// </summary>
internal sealed class AccountRootCredentialResolver : ICredentialResolver
{
    private readonly Dictionary<string, (string Secret, GatewayPrincipal Principal)> _roots = new(StringComparer.Ordinal);
    private readonly ICredentialResolver? _next;

    public AccountRootCredentialResolver(GatewayOptions options, RootCredentials root, ICredentialResolver? next = null)
    {
        _next = next;
        _roots[root.AccessKeyId] = (root.SecretAccessKey, new GatewayPrincipal(string.Empty, "arn:aws:iam:::root", IsAccountRoot: true, null));
        foreach (var account in options.Accounts)
        {
            _roots[account.RootAccessKeyId!] = (account.RootSecretAccessKey!, new GatewayPrincipal(account.Id!, $"arn:aws:iam::{account.Id}:root", IsAccountRoot: true, null));
        }
    }

    public ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        if (sessionToken is null && _roots.TryGetValue(accessKeyId, out var found))
        {
            return ValueTask.FromResult(SigV4CredentialResult.Success(found.Secret, found.Principal));
        }

        if (_next is not null)
        {
            return _next.ResolveAsync(accessKeyId, sessionToken, cancellationToken);
        }

        return ValueTask.FromResult(sessionToken is not null
            ? SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidToken, "The provided token is malformed or otherwise invalid.")
            : SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records."));
    }
}
