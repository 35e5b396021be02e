using System.Collections.Immutable;

namespace Sts.Core.Iam;

/// <summary>The decision of a policy simulation for one action on one resource.</summary>
/// <param name="EvalActionName">The action simulated.</param>
/// <param name="EvalResourceName">The resource ARN simulated, or <c>*</c>.</param>
/// <param name="EvalDecision"><c>allowed</c>, <c>explicitDeny</c> or <c>implicitDeny</c>, as AWS spells them.</param>
/// <param name="MatchedStatementSourcePolicyIds">The ids of the policies whose statements decided (e.g. <c>PolicyInputList.1</c>, a policy ARN, an inline policy name).</param>
/// <param name="MissingContextValues">Context keys referenced by applicable statements but not supplied.</param>
/// <param name="AllowedByPermissionsBoundary">Whether the permissions boundary allows the action; null when there is no boundary.</param>
public sealed record SimulationResult(
    string EvalActionName,
    string EvalResourceName,
    string EvalDecision,
    ImmutableArray<string> MatchedStatementSourcePolicyIds,
    ImmutableArray<string> MissingContextValues,
    bool? AllowedByPermissionsBoundary);
