using System.Collections.Immutable;

namespace Sts.Core.SecurityToken;

/// <summary>
/// One authorization question: may <see cref="Caller"/> perform <see cref="Action"/> on <see cref="Resource"/>, with
/// these request-specific condition keys. Principal keys (<c>aws:PrincipalArn</c>, <c>aws:userid</c>, tags...) are
/// the decider's to derive from the caller; <see cref="ContextKeys"/> holds what only the STS call knows
/// (<c>sts:ExternalId</c>, <c>sts:RoleSessionName</c>, <c>aws:RequestTag/K</c>, <c>aws:TagKeys</c>,
/// <c>sts:TransitiveTagKeys</c>, <c>sts:SourceIdentity</c>, <c>aws:MultiFactorAuthPresent</c>, <c>aws:MultiFactorAuthAge</c>,
/// <c>aws:TokenIssueTime</c>, <c>aws:SourceIdentity</c>, <c>aws:CurrentTime</c>, <c>aws:EpochTime</c>).
/// </summary>
/// <param name="Caller">Who asks.</param>
/// <param name="Action">The action, e.g. <c>sts:AssumeRole</c>, <c>sts:TagSession</c>, <c>sts:SetSourceIdentity</c>.</param>
/// <param name="Resource">The resource ARN (the role ARN for assume actions, <c>*</c> otherwise).</param>
/// <param name="ContextKeys">Condition keys and their values (string form, as AWS passes them); keys compare ignoring case; a read-only view.</param>
public sealed record StsAuthorizationRequest(StsCaller Caller, string Action, string Resource, IReadOnlyDictionary<string, ImmutableArray<string>> ContextKeys);
