using System.Collections.Immutable;

namespace Sts.Core.SecurityToken;

/// <summary>Checks the managed policies a caller passes as session policies (<c>PolicyArns</c>) when a session is issued.</summary>
public interface IManagedSessionPolicySource
{
    /// <summary>Checks that every ARN names an existing managed policy of the role's account.</summary>
    /// <param name="roleAccount">The account of the role being assumed.</param>
    /// <param name="policyArns">The <c>PolicyArns</c> of the request (already syntactically valid policy ARNs).</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>Null when all exist; otherwise <c>NoSuchEntity</c> (404) naming the first missing one.</returns>
    ValueTask<StsError?> CheckPolicyArnsAsync(string roleAccount, ImmutableArray<string> policyArns, CancellationToken cancellationToken = default);
}
