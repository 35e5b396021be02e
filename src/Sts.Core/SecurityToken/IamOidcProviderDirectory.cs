using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.WebIdentity;

namespace Sts.Core.SecurityToken;

/// <summary>The OIDC providers of an account as the IAM service stores them (CreateOpenIDConnectProvider).</summary>
public sealed class IamOidcProviderDirectory : IOidcProviderDirectory
{
    private readonly IamService _iam;

    /// <summary>Creates the directory.</summary>
    /// <param name="iam">The IAM service holding the providers.</param>
    public IamOidcProviderDirectory(IamService iam)
    {
        ArgumentNullException.ThrowIfNull(iam);
        _iam = iam;
    }

    /// <inheritdoc />
    public IOidcProviderSource ForAccount(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new IamOidcProviderSource(_iam, AccountId.TryParse(account, out var parsed) ? parsed : null);
    }
}
