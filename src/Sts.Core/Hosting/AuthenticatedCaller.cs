using Sts.Core.Accounts;
using Sts.Core.SecurityToken;

namespace Sts.Core.Hosting;

/// <summary>
/// A caller whose credentials resolved: the same identity seen by STS (<see cref="StsCaller"/>) and by IAM
/// (<see cref="IamPrincipal"/>). The identity object <see cref="StsCredentialResolver"/> hands to the SigV4 verifier.
/// </summary>
/// <param name="Caller">The caller as STS sees it (root, user or session).</param>
/// <param name="Principal">The caller as IAM sees it (a session of a user or root acts as that user or root).</param>
public sealed record AuthenticatedCaller(StsCaller Caller, IamPrincipal Principal)
{
    /// <summary>The root of <paramref name="account"/>, signing with a long-term key.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The caller.</returns>
    public static AuthenticatedCaller ForRoot(AccountId account) =>
        new(StsCaller.ForAccountRoot(account.Value), IamPrincipal.Root(account));
}
