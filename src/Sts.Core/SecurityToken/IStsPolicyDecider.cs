namespace Sts.Core.SecurityToken;

/// <summary>The policy decisions STS needs: role trust (with the caller's own policies where AWS requires them) and plain identity checks.</summary>
public interface IStsPolicyDecider
{
    /// <summary>
    /// Decides an assume-role action (<c>sts:AssumeRole</c>, <c>sts:TagSession</c>, <c>sts:SetSourceIdentity</c>) on
    /// <paramref name="role"/>: the trust policy must allow the caller; when it trusts only the caller's account, or the
    /// caller is in another account, the caller's identity policies (within its boundary and session policies) must
    /// allow the action on the role ARN too. Any explicit deny wins.
    /// </summary>
    /// <param name="role">The role being assumed.</param>
    /// <param name="request">The question, with <see cref="StsAuthorizationRequest.Resource"/> the role ARN.</param>
    /// <param name="cancellationToken">Cancels policy lookups.</param>
    /// <returns>The decision.</returns>
    ValueTask<StsDecision> DecideAssumeRoleAsync(StsRole role, StsAuthorizationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Decides an action against the caller's identity policies alone (boundary and session policies applied), e.g. <c>sts:DecodeAuthorizationMessage</c>.</summary>
    /// <param name="request">The question.</param>
    /// <param name="cancellationToken">Cancels policy lookups.</param>
    /// <returns>The decision.</returns>
    ValueTask<StsDecision> DecideIdentityAsync(StsAuthorizationRequest request, CancellationToken cancellationToken = default);
}
