using Sts.Core.Tokens;

namespace Sts.Core.SecurityToken;

/// <summary>The result of <c>AssumeRole</c>.</summary>
/// <param name="Credentials">The temporary credentials.</param>
/// <param name="AssumedRoleUser">The session's ARN and id.</param>
/// <param name="PackedPolicySize">The share of the packed-policy budget the session policies and tags use, in percent (<see cref="PackedPolicyBudget"/>).</param>
/// <param name="SourceIdentity">The session's source identity, or null.</param>
/// <param name="Session">The minted session (what the token seals), for the host's audit log.</param>
public sealed record AssumeRoleResponse(TemporaryCredentials Credentials, AssumedRoleUser AssumedRoleUser, int PackedPolicySize, string? SourceIdentity, SessionState Session);
