using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.WebIdentity;

namespace Sts.Core.SecurityToken;

/// <summary>
/// The OIDC providers of one account in the IAM service, as <see cref="IOidcProviderSource"/>. A registration's URL is
/// <c>https://</c> followed by the stored host and path, or <c>http://</c> for a loopback provider registered under
/// <see cref="IamServiceOptions.AllowHttpLoopbackOidcProviders"/> (vouched for only while that option is on).
/// </summary>
internal sealed class IamOidcProviderSource : IOidcProviderSource
{
    private readonly IamService _iam;
    private readonly AccountId? _account;

    /// <param name="iam">The IAM service.</param>
    /// <param name="account">The account; null when the role's account field is not a valid account (nothing is found then).</param>
    internal IamOidcProviderSource(IamService iam, AccountId? account)
    {
        _iam = iam;
        _account = account;
    }

    public async ValueTask<OidcProviderRegistration?> FindByIssuerAsync(string normalizedIssuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(normalizedIssuer);
        if (_account is not { } account)
        {
            return null;
        }

        var provider = await _iam.GetOidcProviderByNameAsync(account, normalizedIssuer, cancellationToken).ConfigureAwait(false);
        return provider is null
            ? null
            : new OidcProviderRegistration(provider.Arn, (provider.UsesHttp ? "http://" : "https://") + provider.Url, provider.ClientIds, provider.Thumbprints)
            {
                HttpLoopbackAllowed = provider.UsesHttp && _iam.Options.AllowHttpLoopbackOidcProviders,
            };
    }
}
