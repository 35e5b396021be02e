using System.Collections.Immutable;
using System.Globalization;
using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;
using Sts.Policy;
using Sts.Policy.Evaluation;

namespace Sts.Core.Iam;

/// <content>The policy simulator (SimulateCustomPolicy, SimulatePrincipalPolicy) on Sts.Policy's evaluator.</content>
public sealed partial class IamService
{
    private static readonly string[] ContextKeyTypes = ["string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList"];

    /// <summary><c>SimulateCustomPolicy</c>: decides each action on each resource under the given policies (syntax-checked only, as AWS's simulator).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of results; or <c>InvalidInput</c> (unparsable policy, bad context value, bad caller ARN).</returns>
    public async ValueTask<StsResult<IamPage<SimulationResult>>> SimulateCustomPolicyAsync(IamPrincipal caller, SimulateCustomPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ValidateSimulation(request.ActionNames, request.PermissionsBoundaryPolicyInputList, request.ContextEntries, request.Marker, request.MaxItems)
            .List("policyInputList", request.PolicyInputList, int.MaxValue, required: true, (_, _) => { }).Error is { } invalid)
        {
            return invalid;
        }

        var account = caller.Account;
        if (await AuthorizeAsync(caller, "iam:SimulateCustomPolicy", "*", account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var identity = request.PolicyInputList.Select((text, i) => new EffectivePolicy($"PolicyInputList.{i + 1}", text));
        // As AWS's simulator, the policies are evaluated for an IAM user of the account, never as the (all-powerful) root.
        return Simulate(request.CallerArn ?? IamArn.Build(account, "user", "/", "SimulatedUser"), identity, request.PermissionsBoundaryPolicyInputList, null, request);
    }

    /// <summary><c>SimulatePrincipalPolicy</c>: decides each action on each resource under a user's or role's policies (plus any given).</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A page of results; or <c>NoSuchEntity</c> (source), <c>InvalidInput</c>.</returns>
    public async ValueTask<StsResult<IamPage<SimulationResult>>> SimulatePrincipalPolicyAsync(IamPrincipal caller, SimulatePrincipalPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ValidateSimulation(request.ActionNames, request.PermissionsBoundaryPolicyInputList, request.ContextEntries, request.Marker, request.MaxItems)
            .Arn("policySourceArn", request.PolicySourceArn).Error is { } invalid)
        {
            return invalid;
        }

        IamPrincipal source;
        if (IamArn.TryParse(request.PolicySourceArn, "user", out var user))
        {
            source = new IamPrincipal(user.Account, IamPrincipalKind.User, request.PolicySourceArn, user.Name);
        }
        else if (IamArn.TryParse(request.PolicySourceArn, "role", out var role))
        {
            source = IamPrincipal.AssumedRole(role.Account, role.Name, "SimulatePrincipalPolicy");
        }
        else
        {
            return IamErrors.InvalidInput($"PolicySourceArn {IamErrors.Quote(request.PolicySourceArn)} is not a user or role ARN.");
        }

        if (await AuthorizeAsync(caller, "iam:SimulatePrincipalPolicy", request.PolicySourceArn, source.Account, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var policies = await GetEffectivePoliciesAsync(source, cancellationToken).ConfigureAwait(false);
        if (policies is null)
        {
            return IamErrors.NoSuchEntity($"The entity {IamErrors.Quote(request.PolicySourceArn)} cannot be found.");
        }

        var identity = policies.IdentityPolicies.Concat((request.PolicyInputList ?? []).Select((text, i) => new EffectivePolicy($"PolicyInputList.{i + 1}", text)));
        return Simulate(request.CallerArn ?? source.Arn, identity, request.PermissionsBoundaryPolicyInputList, policies.PermissionsBoundary, new SimulateCustomPolicyRequest([], request.ActionNames, request.ResourceArns, null, null, request.ContextEntries, request.Marker, request.MaxItems));
    }

    private static RequestValidator ValidateSimulation(IReadOnlyList<string>? actions, IReadOnlyList<string>? boundaries, IReadOnlyList<SimulationContextEntry>? context, string? marker, int? maxItems)
    {
        var validator = new RequestValidator().Paging(marker, maxItems);
        validator.List("actionNames", actions, int.MaxValue, required: true, (m, a) => validator.Text(m, a, 3, 128, null, null, required: true));
        validator.List("permissionsBoundaryPolicyInputList", boundaries, 1, required: false, (_, _) => { });
        validator.List("contextEntries", context, int.MaxValue, required: false, (m, e) =>
        {
            validator.Text(m + ".contextKeyName", e?.ContextKeyName, 5, 256, null, null, required: true);
            validator.Enum(m + ".contextKeyType", e?.ContextKeyType, ContextKeyTypes, required: true);
        });
        return validator;
    }

    private static StsResult<IamPage<SimulationResult>> Simulate(string principalArn, IEnumerable<EffectivePolicy> identityPolicies, IReadOnlyList<string>? boundaryInput, EffectivePolicy? storedBoundary, SimulateCustomPolicyRequest request)
    {
        if (!RequestPrincipal.TryFromArn(principalArn, out var principal, out var principalError))
        {
            return IamErrors.InvalidInput($"Invalid CallerArn: {principalError}");
        }

        var identity = new List<CompiledPolicy>();
        foreach (var policy in identityPolicies)
        {
            var compiled = CompileForSimulation(policy, PolicySource.Identity);
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            identity.Add(compiled.Value);
        }

        var boundarySource = boundaryInput is { Count: > 0 } ? new EffectivePolicy("PermissionsBoundaryPolicyInputList.1", boundaryInput[0]) : storedBoundary;
        CompiledPolicy? boundary = null;
        if (boundarySource is not null)
        {
            var compiled = CompileForSimulation(boundarySource, PolicySource.PermissionsBoundary);
            if (!compiled.IsSuccess)
            {
                return compiled.Error;
            }

            boundary = compiled.Value;
        }

        var builder = new RequestContextBuilder().WithPrincipal(principal);
        foreach (var entry in request.ContextEntries ?? [])
        {
            var type = entry.ContextKeyType.Replace("List", string.Empty, StringComparison.Ordinal) switch
            {
                "numeric" => ContextValueType.Numeric,
                "boolean" => ContextValueType.Boolean,
                "ip" => ContextValueType.IpAddress,
                "binary" => ContextValueType.Binary,
                "date" => ContextValueType.Date,
                _ => ContextValueType.String,
            };
            if (!builder.TryAdd(entry.ContextKeyName, type, entry.ContextKeyValues ?? [], out var contextError))
            {
                return IamErrors.InvalidInput(contextError);
            }
        }

        var input = new PolicyEvaluationInput { IdentityPolicies = new PolicySet(identity), PermissionsBoundary = boundary, ResourceAccountId = principal.AccountId };
        var boundaryOnly = boundary is null ? null : new PolicyEvaluationInput { IdentityPolicies = new PolicySet([boundary]), ResourceAccountId = principal.AccountId };
        var results = new List<(string Key, SimulationResult Result)>();
        var resources = request.ResourceArns is { Count: > 0 } ? request.ResourceArns : ["*"];
        foreach (var action in request.ActionNames)
        {
            foreach (var resource in resources)
            {
                var context = builder.WithAction(action).WithResource(resource).AddPrincipalKeys().Build();
                var explained = PolicyEvaluator.Explain(input, context);
                var decision = explained.Decision switch
                {
                    PolicyDecision.Allow => "allowed",
                    PolicyDecision.ExplicitDeny => "explicitDeny",
                    _ => "implicitDeny",
                };
                bool? allowedByBoundary = boundaryOnly is null ? null : PolicyEvaluator.Evaluate(boundaryOnly, context) == PolicyDecision.Allow;
                results.Add((results.Count.ToString("D6", CultureInfo.InvariantCulture), new SimulationResult(
                    action, resource, decision, [.. explained.MatchedStatements.Select(m => m.PolicyId).Distinct()], explained.MissingContextKeys, allowedByBoundary)));
            }
        }

        var page = PageOf(results, r => r.Key, request.Marker, request.MaxItems);
        return new IamPage<SimulationResult>([.. page.Items.Select(r => r.Result)], page.IsTruncated, page.Marker);
    }

    private static StsResult<CompiledPolicy> CompileForSimulation(EffectivePolicy policy, PolicySource source)
    {
        var parsed = PolicyParser.ParseLenient(policy.Document);
        return parsed.IsValid
            ? CompiledPolicy.Compile(parsed.Document, policy.SourceId, source)
            : IamErrors.InvalidInput($"{policy.SourceId}: {parsed.FirstError?.Message}");
    }
}
