using Sts.Policy.Evaluation;

namespace Sts.Core.SecurityToken;

/// <summary>
/// The caller's own policies, as STS decisions need them when a trust policy delegates to the caller's account or the
/// caller is in another account: identity policies, permissions boundary and (for sessions) session policies, compiled.
/// </summary>
public interface ICallerPolicySource
{
    /// <summary>The caller's compiled policies.</summary>
    /// <param name="caller">The caller.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>The policies, or null when the caller's policies cannot be found (the caller's side then allows nothing).</returns>
    ValueTask<PolicyEvaluationInput?> GetPoliciesAsync(StsCaller caller, CancellationToken cancellationToken = default);
}
