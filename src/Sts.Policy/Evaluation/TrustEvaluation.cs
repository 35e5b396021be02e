namespace Sts.Policy.Evaluation;

/// <summary>
/// The trust policy's side of an <c>AssumeRole*</c> decision. A trust policy must allow explicitly; when
/// it trusts only the caller's account, or the caller is in another account, the caller's own policies
/// must also allow the <c>sts:</c> action on the role (<see cref="CallerPoliciesMustAllow"/>); combine the
/// two with <see cref="PolicyEvaluator.CombineTrust"/>.
/// </summary>
/// <param name="Decision">The trust policy's decision alone.</param>
/// <param name="Match">How the strongest applicable Allow statement named the caller.</param>
/// <param name="CallerPoliciesMustAllow">True when the caller's identity policies (with boundary and session policies) must allow too.</param>
/// <param name="Result">The trust policy's matched statements and missing keys.</param>
public sealed record TrustEvaluation(PolicyDecision Decision, PrincipalMatch Match, bool CallerPoliciesMustAllow, EvaluationResult Result);
