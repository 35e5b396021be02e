namespace Sts.Core.WebIdentity;

/// <summary>
/// Finds the OIDC provider registered in one account (the account of the role being assumed) for a
/// token issuer. Implemented by the IAM store; <see cref="OidcProviderList"/> is an in-memory one.
/// </summary>
public interface IOidcProviderSource
{
    /// <summary>Looks a provider up by its normalized issuer name (see <see cref="OidcIssuer.Normalize"/>).</summary>
    /// <param name="normalizedIssuer">The issuer without scheme and trailing slash, host lower-cased.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The registration, or <see langword="null"/> when the account has none for that issuer.</returns>
    ValueTask<OidcProviderRegistration?> FindByIssuerAsync(string normalizedIssuer, CancellationToken cancellationToken);
}
