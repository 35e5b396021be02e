namespace Sts.Policy.Evaluation;

/// <summary>
/// Decides requests as AWS IAM does (IAM User Guide, "Policy evaluation logic"), for one account
/// without Organizations policies:
/// <list type="number">
/// <item>the account root user is allowed everything in its own account unless a Deny applies;</item>
/// <item>an applicable Deny in any identity, boundary, session or resource policy is an explicit deny;</item>
/// <item>the caller's side allows when an identity policy allows, the permissions boundary (if any) allows
/// and the session policies (if any) allow — a federated-user session without session policy is denied;</item>
/// <item>same account: the caller's side or the resource policy may grant; a resource policy that names the
/// user, role session or federated user ARN (or <c>*</c>) grants alone, one that names the session's role
/// still needs the boundary and session policies, one that names only the account defers to identity policies;</item>
/// <item>another account: the caller's side and the resource policy must both allow.</item>
/// </list>
/// Evaluation never throws for bad request values: a statement that cannot be evaluated does not apply.
/// With no trace, evaluation allocates nothing.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Decides a request.</summary>
    /// <param name="input">The policies.</param>
    /// <param name="request">The request.</param>
    /// <param name="trace">When given, receives the matched statements, missing keys and errors (cleared first).</param>
    /// <returns>The decision.</returns>
    public static PolicyDecision Evaluate(PolicyEvaluationInput input, RequestContext request, EvaluationTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(request);
        trace?.Clear();
        var identity = Scan(input.IdentityPolicies, request, trace);
        var boundary = input.BoundarySet is { } b ? Scan(b, request, trace) : default;
        var hasSession = input.SessionPolicies is { IsEmpty: false };
        var session = hasSession ? Scan(input.SessionPolicies!, request, trace) : default;
        var resource = input.ResourceSet is { } r ? Scan(r, request, trace) : default;
        if (identity.Deny || boundary.Deny || session.Deny || resource.Deny)
        {
            return PolicyDecision.ExplicitDeny;
        }

        var principal = request.Principal;
        var boundaryAllows = input.BoundarySet is null || boundary.Allow;
        var sessionAllows = hasSession ? session.Allow : principal.Kind != RequestPrincipalKind.FederatedUser;
        var hasIdentity = principal.Kind is RequestPrincipalKind.User or RequestPrincipalKind.RoleSession
            or RequestPrincipalKind.FederatedUser or RequestPrincipalKind.AccountRoot;
        var sameAccount = string.Equals(input.ResourceAccountId ?? principal.AccountId, principal.AccountId, StringComparison.Ordinal);

        // The account root user's own side allows everything (only an explicit deny stops it): in its own account
        // that is the whole answer; in another account the resource policy must still grant it, as for anyone.
        var callerAllows = principal.Kind == RequestPrincipalKind.AccountRoot
            || (hasIdentity && identity.Allow && boundaryAllows && sessionAllows);
        if (input.ResourceSet is null)
        {
            // Without a resource policy nothing is granted across accounts.
            return callerAllows && sameAccount ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
        }

        if (!hasIdentity)
        {
            return resource.Allow ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
        }

        if (!sameAccount)
        {
            return callerAllows && resource.Allow ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
        }

        if (callerAllows)
        {
            return PolicyDecision.Allow;
        }

        return resource.Best switch
        {
            PrincipalMatch.Direct => PolicyDecision.Allow,
            PrincipalMatch.Role when boundaryAllows && sessionAllows => PolicyDecision.Allow,
            _ => PolicyDecision.ImplicitDeny,
        };
    }

    /// <summary>Decides a request and explains the decision.</summary>
    /// <param name="input">The policies.</param>
    /// <param name="request">The request.</param>
    /// <returns>The decision with matched statements, missing keys and errors.</returns>
    public static EvaluationResult Explain(PolicyEvaluationInput input, RequestContext request)
    {
        var trace = new EvaluationTrace();
        var decision = Evaluate(input, request, trace);
        return new EvaluationResult(decision, trace);
    }

    /// <summary>
    /// Evaluates a role trust policy for an <c>sts:AssumeRole*</c> request (the request's action), with the
    /// same engine. The trust policy must allow explicitly; see <see cref="TrustEvaluation"/>.
    /// </summary>
    /// <param name="trustPolicy">The role's trust policy, compiled with <see cref="PolicySource.Trust"/>.</param>
    /// <param name="request">The request: the caller, the <c>sts:</c> action, the role ARN as resource and the context keys.</param>
    /// <param name="roleAccountId">The account that owns the role: 12 digits, a Ceph tenant, or empty for the default tenant.</param>
    /// <returns>The trust policy's side of the decision.</returns>
    public static TrustEvaluation EvaluateTrust(CompiledPolicy trustPolicy, RequestContext request, string roleAccountId)
    {
        ArgumentNullException.ThrowIfNull(trustPolicy);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(roleAccountId);
        var trace = new EvaluationTrace();
        var scan = Scan(trustPolicy.AsSet, request, trace);
        var decision = scan.Deny ? PolicyDecision.ExplicitDeny : scan.Allow ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
        var principal = request.Principal;
        var isAccountPrincipal = principal.AccountId is not null;
        var crossAccount = isAccountPrincipal && !string.Equals(principal.AccountId, roleAccountId, StringComparison.Ordinal);
        var mustAllow = decision == PolicyDecision.Allow && isAccountPrincipal && (crossAccount || scan.Best == PrincipalMatch.Account);
        return new TrustEvaluation(decision, scan.Allow ? scan.Best : PrincipalMatch.None, mustAllow, new EvaluationResult(decision, trace));
    }

    /// <summary>Combines the trust policy's side with the caller's own decision for the same request.</summary>
    /// <param name="trust">The trust policy's side.</param>
    /// <param name="callerDecision">The caller's identity (with boundary and session policies) decision for the <c>sts:</c> action on the role ARN; ignored unless needed.</param>
    /// <returns>The final decision.</returns>
    public static PolicyDecision CombineTrust(TrustEvaluation trust, PolicyDecision callerDecision)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (trust.Decision == PolicyDecision.ExplicitDeny || callerDecision == PolicyDecision.ExplicitDeny)
        {
            return PolicyDecision.ExplicitDeny;
        }

        if (trust.Decision != PolicyDecision.Allow)
        {
            return PolicyDecision.ImplicitDeny;
        }

        return !trust.CallerPoliciesMustAllow || callerDecision == PolicyDecision.Allow ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
    }

    private static ScanResult Scan(PolicySet set, RequestContext request, EvaluationTrace? trace)
    {
        set.Index.GetCandidates(request, out var anyService, out var serviceWildcards, out var exact);
        var result = default(ScanResult);
        Scan(anyService, request, trace, actionKnownToMatch: false, ref result);
        Scan(serviceWildcards, request, trace, actionKnownToMatch: false, ref result);
        Scan(exact, request, trace, actionKnownToMatch: true, ref result);
        return result;
    }

    private static void Scan(ReadOnlySpan<CompiledStatement> statements, RequestContext request, EvaluationTrace? trace, bool actionKnownToMatch, ref ScanResult result)
    {
        foreach (var statement in statements)
        {
            var how = statement.Applies(request, trace, actionKnownToMatch);
            if (how == PrincipalMatch.None)
            {
                continue;
            }

            trace?.AddMatch(statement.Matched);
            if (statement.Effect == PolicyEffect.Deny)
            {
                result.Deny = true;
            }
            else
            {
                result.Allow = true;
                if (how > result.Best)
                {
                    result.Best = how;
                }
            }
        }
    }

    private struct ScanResult
    {
        public bool Deny;
        public bool Allow;
        public PrincipalMatch Best;
    }
}
