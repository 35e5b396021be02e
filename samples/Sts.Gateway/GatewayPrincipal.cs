using Sts.Core.Tokens;
using Sts.Policy.Evaluation;

namespace Sts.Gateway;

/// <summary>Who signed a request, as the authorizer established it.</summary>
/// <param name="AccountId">The account (empty for Ceph's default tenant).</param>
/// <param name="Arn">The principal ARN (<c>arn:aws:iam:::root</c>, <c>arn:aws:sts:::assumed-role/R/S</c>).</param>
/// <param name="IsAccountRoot">True for the account's root, which policies do not restrict on its own resources.</param>
/// <param name="Identity">The verifier's identity object (an <c>AuthenticatedCaller</c> for keys Sts issued).</param>
/// <param name="Policies">The principal's identity policies, permissions boundary and session policies for the
/// evaluator; null for an account root configured in the gateway (no identity policies).</param>
/// <param name="Tags">The principal tags (<c>aws:PrincipalTag/KEY</c>); a key repeats only for Ceph's multi-valued session tags.</param>
/// <param name="IsTemporary">True when the request was signed with temporary credentials.</param>
internal sealed record GatewayPrincipal(
    string AccountId, string Arn, bool IsAccountRoot, object? Identity, PolicyEvaluationInput? Policies = null, IReadOnlyList<SessionTag>? Tags = null, bool IsTemporary = false);
