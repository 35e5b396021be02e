using Sts.Core.Iam;

namespace Sts.Core.Iam.Requests;

/// <summary>The request of <c>SimulateCustomPolicy</c>: decides actions on resources under the given identity policies.</summary>
/// <param name="PolicyInputList">The identity policies (JSON), at least one.</param>
/// <param name="ActionNames">The actions to simulate, 3 to 128 characters each, no wildcards.</param>
/// <param name="ResourceArns">The resources; <c>*</c> when null.</param>
/// <param name="PermissionsBoundaryPolicyInputList">At most one permissions boundary policy (JSON), or null.</param>
/// <param name="CallerArn">The principal simulated (a user or role session ARN); a user <c>SimulatedUser</c> of the caller's account when null.</param>
/// <param name="ContextEntries">Context keys and values, or null.</param>
/// <param name="Marker">The marker from the previous page, or null.</param>
/// <param name="MaxItems">The most results to return, 1 to 1000; 100 by default.</param>
public sealed record SimulateCustomPolicyRequest(
    IReadOnlyList<string> PolicyInputList,
    IReadOnlyList<string> ActionNames,
    IReadOnlyList<string>? ResourceArns = null,
    IReadOnlyList<string>? PermissionsBoundaryPolicyInputList = null,
    string? CallerArn = null,
    IReadOnlyList<SimulationContextEntry>? ContextEntries = null,
    string? Marker = null,
    int? MaxItems = null);
