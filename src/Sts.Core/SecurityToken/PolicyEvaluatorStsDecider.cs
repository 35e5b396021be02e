using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Sts.Core.Telemetry;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Core.SecurityToken;

/// <summary>
/// Answers STS's policy questions with Sts.Policy's evaluator: the role's trust policy through
/// <see cref="PolicyEvaluator.EvaluateTrust"/>, the caller's own policies through <see cref="PolicyEvaluator.Evaluate"/>,
/// combined by <see cref="PolicyEvaluator.CombineTrust"/> (same account naming the caller: trust alone; trusting the
/// account, or another account: both must allow; any explicit deny wins). Trust policies are compiled once per role
/// and text (<see cref="CompiledPolicyCache"/>).
/// </summary>
public sealed class PolicyEvaluatorStsDecider : IStsPolicyDecider
{
    /// <summary>The types of the caller's condition keys (<c>StsService.CallerContext</c>), also used by IAM's authorizer; any other key is a string.</summary>
    internal static readonly FrozenDictionary<string, ContextValueType> KeyTypes = new Dictionary<string, ContextValueType>(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:MultiFactorAuthPresent"] = ContextValueType.Boolean,
        ["aws:MultiFactorAuthAge"] = ContextValueType.Numeric,
        ["aws:EpochTime"] = ContextValueType.Numeric,
        ["aws:CurrentTime"] = ContextValueType.Date,
        ["aws:TokenIssueTime"] = ContextValueType.Date,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private const int ParsedValueSlots = 4;

    [ThreadStatic]
    private static ParsedValue?[]? t_parsed;

    [ThreadStatic]
    private static int t_nextParsed;

    private readonly ICallerPolicySource _callerPolicies;
    private readonly CompiledPolicyCache _cache;
    private readonly bool _acceptsIamSessionArn;

    // StsRole is immutable and IamStsDirectory hands out one instance per stored role version, so the compiled trust
    // policy can hang off the instance: found by reference, no hashing of the policy text per request.
    private readonly ConditionalWeakTable<StsRole, CompiledPolicy> _trustByRole = new();

    /// <summary>Creates the decider.</summary>
    /// <param name="callerPolicies">Where the caller's own policies come from.</param>
    /// <param name="cache">The compiled policy cache; a private one of default capacity when null.</param>
    /// <param name="cephCompatibility">
    /// The Ceph profile; the decider honours <see cref="CephCompatibility.IamFormSessionArn"/> (a trust policy naming
    /// <c>arn:aws:iam::A:assumed-role/R/S</c> trusts that role session). Default <see cref="CephCompatibility.None"/>.
    /// </param>
    public PolicyEvaluatorStsDecider(ICallerPolicySource callerPolicies, CompiledPolicyCache? cache = null, CephCompatibility cephCompatibility = CephCompatibility.None)
    {
        ArgumentNullException.ThrowIfNull(callerPolicies);
        _callerPolicies = callerPolicies;
        _cache = cache ?? new CompiledPolicyCache();
        _acceptsIamSessionArn = (cephCompatibility & CephCompatibility.IamFormSessionArn) != 0;
    }

    /// <inheritdoc />
    public async ValueTask<StsDecision> DecideAssumeRoleAsync(StsRole role, StsAuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(request);
        if (!TryBuildContext(request.Caller, request.Action, request.Resource, request.ContextKeys, out var context) || CompiledTrust(role) is not { } trust)
        {
            return StsDecision.ImplicitDeny;
        }

        var evaluation = PolicyEvaluator.EvaluateTrust(trust, context, role.Account);
        if (evaluation.Decision == PolicyDecision.ExplicitDeny)
        {
            return Recorded("sts.trust", StsDecision.ExplicitDeny);
        }

        // The caller's policies are always consulted: an explicit deny there wins even when the trust policy names the caller.
        var input = await _callerPolicies.GetPoliciesAsync(request.Caller, cancellationToken).ConfigureAwait(false);
        return CombinedTrust(evaluation, input, context);
    }

    /// <summary>
    /// The assume-role actions of one call (<c>sts:AssumeRole</c>, then <c>sts:TagSession</c> and/or
    /// <c>sts:SetSourceIdentity</c>) on <paramref name="role"/>, decided in order exactly as <see cref="DecideAssumeRoleAsync"/>
    /// decides each, but with the request context, the compiled trust policy and the caller's policies built once.
    /// </summary>
    /// <returns>The first action that is not allowed, or null when all are.</returns>
    internal async ValueTask<string?> FindDeniedAssumeRoleActionAsync(
        StsRole role, StsCaller caller, string[] actions, IReadOnlyDictionary<string, ImmutableArray<string>> contextKeys, CancellationToken cancellationToken)
    {
        if (!TryBuildContext(caller, actions[0], role.Arn, contextKeys, out var context) || CompiledTrust(role) is not { } trust)
        {
            return actions[0];
        }

        PolicyEvaluationInput? input = null;
        var inputLoaded = false;
        for (var i = 0; i < actions.Length; i++)
        {
            if (i > 0)
            {
                context = context.WithActionAndResource(actions[i], role.Arn);
            }

            var evaluation = PolicyEvaluator.EvaluateTrust(trust, context, role.Account);
            if (evaluation.Decision == PolicyDecision.ExplicitDeny)
            {
                Recorded("sts.trust", StsDecision.ExplicitDeny);
                return actions[i];
            }

            if (!inputLoaded)
            {
                input = await _callerPolicies.GetPoliciesAsync(caller, cancellationToken).ConfigureAwait(false);
                inputLoaded = true;
            }

            if (CombinedTrust(evaluation, input, context) != StsDecision.Allow)
            {
                return actions[i];
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async ValueTask<StsDecision> DecideIdentityAsync(StsAuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryBuildContext(request.Caller, request.Action, request.Resource, request.ContextKeys, out var context))
        {
            return StsDecision.ImplicitDeny;
        }

        var input = await _callerPolicies.GetPoliciesAsync(request.Caller, cancellationToken).ConfigureAwait(false);
        return Recorded("sts.identity", input is null ? StsDecision.ImplicitDeny : Map(PolicyEvaluator.Evaluate(input, context)));
    }

    private CompiledPolicy? CompiledTrust(StsRole role)
    {
        if (_trustByRole.TryGetValue(role, out var known))
        {
            return known;
        }

        if (!_cache.TryGet(role.TrustPolicy.Text, $"{role.RoleId}#trust", PolicySource.Trust, _ => (role.TrustPolicy, null), out var trust, out _))
        {
            return null;
        }

        _trustByRole.AddOrUpdate(role, trust);
        return trust;
    }

    private static StsDecision CombinedTrust(TrustEvaluation trust, PolicyEvaluationInput? input, RequestContext context)
    {
        var callerDecision = input is null ? PolicyDecision.ImplicitDeny : PolicyEvaluator.Evaluate(input, context);
        return Recorded("sts.trust", Map(PolicyEvaluator.CombineTrust(trust, callerDecision)));
    }

    private bool TryBuildContext(StsCaller caller, string action, string resource, IReadOnlyDictionary<string, ImmutableArray<string>> contextKeys, out RequestContext context)
    {
        context = null!;
        if (!RequestPrincipal.TryFromArn(caller.Arn, out var principal, out _))
        {
            return false;
        }

        var tags = caller.PrincipalTags.IsEmpty ? null : caller.PrincipalTags.Select(t => KeyValuePair.Create(t.Key, t.Value));
        principal = principal.With(userId: caller.UserId, roleArn: caller.Session?.RoleArn, tags: tags, acceptsIamSessionArn: _acceptsIamSessionArn);
        var builder = new RequestContextBuilder().WithPrincipal(principal).WithAction(action).WithResource(resource);
        foreach (var (key, values) in contextKeys)
        {
            var type = KeyTypes.TryGetValue(key, out var known) ? known : ContextValueType.String;
            if (type != ContextValueType.String && values.Length == 1)
            {
                var parsed = RecentlyParsed(type, values[0]);
                if (parsed is null)
                {
                    if (!ContextValue.TryCreate(type, values[0], out parsed, out _))
                    {
                        return false;
                    }

                    RememberParsed(type, values[0], parsed);
                }

                builder.Add(key, parsed);
            }
            else if (!builder.TryAdd(key, type, values, out _))
            {
                return false;
            }
        }

        context = builder.AddPrincipalKeys().Build();
        return true;
    }

    /// <summary>The parsed value of a typed key's text this thread parsed last (the service shares one time text per second).</summary>
    private static ContextValue? RecentlyParsed(ContextValueType type, string text)
    {
        foreach (var entry in t_parsed ?? [])
        {
            if (entry is not null && entry.Type == type && ReferenceEquals(entry.Text, text))
            {
                return entry.Value;
            }
        }

        return null;
    }

    private static void RememberParsed(ContextValueType type, string text, ContextValue value)
    {
        var entries = t_parsed ??= new ParsedValue?[ParsedValueSlots];
        var slot = t_nextParsed;
        t_nextParsed = (slot + 1) % ParsedValueSlots;
        entries[slot] = new ParsedValue(type, text, value);
    }

    private static StsDecision Recorded(string site, StsDecision decision)
    {
        StsTelemetry.RecordPolicyEvaluation(site, StsTelemetry.DecisionName(decision));
        return decision;
    }

    private static StsDecision Map(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Allow => StsDecision.Allow,
        PolicyDecision.ExplicitDeny => StsDecision.ExplicitDeny,
        _ => StsDecision.ImplicitDeny,
    };

    private sealed record ParsedValue(ContextValueType Type, string Text, ContextValue Value);
}
