using System.Globalization;
using Sts.Core.Accounts;
using Sts.Core.Telemetry;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Core.Iam;

/// <summary>
/// The one seam that authorizes every IAM call. The root of an account may do anything in its own account.
/// An IAM user or role session of the same account is decided by the policy evaluator from its identity
/// policies (inline and attached managed default versions), its permissions boundary and, for a role
/// session, its session policies: the action (<c>iam:CreateRole</c>...) on the target entity's ARN. IAM
/// entities have no resource policies, so principals of another account get nothing. Anything that cannot
/// be evaluated (a principal ARN the evaluator cannot read, a stored policy that no longer parses) denies.
/// </summary>
internal sealed class IamAuthorizer(Func<IamPrincipal, CancellationToken, ValueTask<EffectivePolicies?>> effectivePolicies, TimeProvider time, bool ignoreIdentityPrincipal = false)
{
    private readonly CompiledPolicyCache _compiled = new();

    public async ValueTask<StsError?> AuthorizeAsync(IamPrincipal caller, string action, string resourceArn, AccountId resourceAccount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind == IamPrincipalKind.AccountRoot && caller.Account == resourceAccount)
        {
            return null;
        }

        var denied = IamErrors.AccessDenied(caller.Arn, action, resourceArn);
        if (caller.Kind == IamPrincipalKind.AccountRoot || caller.Account != resourceAccount
            || !RequestPrincipal.TryFromArn(caller.Arn, out var principal, out _))
        {
            return denied;
        }

        var policies = await effectivePolicies(caller, cancellationToken).ConfigureAwait(false);
        if (policies is null)
        {
            return denied;
        }

        var identity = new List<CompiledPolicy>(policies.IdentityPolicies.Length);
        foreach (var policy in policies.IdentityPolicies)
        {
            if (!Compile(policy.Document, policy.SourceId, PolicySource.Identity, PolicyKind.Identity, out var compiled))
            {
                return denied;
            }

            identity.Add(compiled);
        }

        CompiledPolicy? boundary = null;
        if (policies.PermissionsBoundary is { } boundaryPolicy
            && !Compile(boundaryPolicy.Document, boundaryPolicy.SourceId, PolicySource.PermissionsBoundary, PolicyKind.Identity, out boundary))
        {
            return denied;
        }

        var session = new List<CompiledPolicy>();
        foreach (var (text, index) in (caller.SessionPolicies ?? []).Select((t, i) => (t, i)))
        {
            if (!Compile(text, $"SessionPolicy.{index + 1}", PolicySource.Session, PolicyKind.Session, out var compiled))
            {
                return denied;
            }

            session.Add(compiled);
        }

        var input = new PolicyEvaluationInput
        {
            IdentityPolicies = new PolicySet(identity),
            PermissionsBoundary = boundary,
            SessionPolicies = session.Count == 0 ? null : new PolicySet(session),
            ResourceAccountId = caller.Account.Value,
        };
        var now = time.GetUtcNow();
        var builder = new RequestContextBuilder().WithPrincipal(principal).WithAction(action).WithResource(resourceArn);
        builder.TryAdd("aws:CurrentTime", ContextValueType.Date, [Iso8601(now)], out _);
        builder.TryAdd("aws:EpochTime", ContextValueType.Numeric, [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)], out _);
        if (caller.SessionIssuedAt is { } issued)
        {
            // "Revoke active sessions" denies on DateLessThan aws:TokenIssueTime.
            builder.TryAdd("aws:TokenIssueTime", ContextValueType.Date, [Iso8601(issued)], out _);
        }

        var request = builder.AddPrincipalKeys().Build();
        var decision = PolicyEvaluator.Evaluate(input, request);
        StsTelemetry.RecordPolicyEvaluation("iam", StsTelemetry.DecisionName(decision));
        return decision == PolicyDecision.Allow ? null : denied;
    }

    private static string Iso8601(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private bool Compile(string text, string id, PolicySource source, PolicyKind kind, out CompiledPolicy compiled)
    {
        var ok = _compiled.TryGet(text, id, source, t =>
        {
            var parsed = PolicyParser.Parse(t, kind, new PolicyParserOptions { MaxIdentityPolicyLength = PolicyLimits.MaxDocumentLength, SyntaxOnly = kind == PolicyKind.Session, IgnorePrincipalInIdentityPolicies = ignoreIdentityPrincipal });
            return parsed.IsValid ? (parsed.Document, null) : (null, parsed.FirstError?.Message ?? "invalid policy");
        }, out var policy, out _);
        compiled = policy!;
        return ok;
    }
}
