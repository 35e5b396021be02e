using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>SimulatePrincipalPolicy</c>: decides actions on resources under a user's or role's own policies.</summary>
/// <param name="PolicySourceArn">The user or role whose identity policies and boundary are simulated.</param>
/// <param name="ActionNames">The actions to simulate, 3 to 128 characters each, no wildcards.</param>
/// <param name="PolicyInputList">Extra identity policies (JSON) to include, or null.</param>
/// <param name="ResourceArns">The resources; <c>*</c> when null.</param>
/// <param name="PermissionsBoundaryPolicyInputList">A boundary (JSON) replacing the entity's own, or null.</param>
/// <param name="CallerArn">The principal simulated; the source user, or a session of the source role, when null.</param>
/// <param name="ContextEntries">Context keys and values, or null.</param>
/// <param name="Marker">The marker from the previous page, or null.</param>
/// <param name="MaxItems">The most results to return, 1 to 1000; 100 by default.</param>
public sealed record SimulatePrincipalPolicyRequest(
    string PolicySourceArn,
    IReadOnlyList<string> ActionNames,
    IReadOnlyList<string>? PolicyInputList = null,
    IReadOnlyList<string>? ResourceArns = null,
    IReadOnlyList<string>? PermissionsBoundaryPolicyInputList = null,
    string? CallerArn = null,
    IReadOnlyList<SimulationContextEntry>? ContextEntries = null,
    string? Marker = null,
    int? MaxItems = null);
