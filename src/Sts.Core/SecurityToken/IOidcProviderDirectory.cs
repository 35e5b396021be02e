using Sts.Core.WebIdentity;

namespace Sts.Core.SecurityToken;

/// <summary>Gives <c>AssumeRoleWithWebIdentity</c> the OIDC providers registered in the account of the role being assumed.</summary>
public interface IOidcProviderDirectory
{
    /// <summary>The providers of one account.</summary>
    /// <param name="account">The role's account (12 digits, a tenant name, or empty for the default tenant).</param>
    /// <returns>A source answering lookups by issuer within that account only.</returns>
    IOidcProviderSource ForAccount(string account);
}
