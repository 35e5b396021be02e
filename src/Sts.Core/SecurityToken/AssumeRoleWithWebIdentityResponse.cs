using Sts.Core.Tokens;

namespace Sts.Core.SecurityToken;

/// <summary>The result of <c>AssumeRoleWithWebIdentity</c>.</summary>
/// <param name="Credentials">The temporary credentials.</param>
/// <param name="SubjectFromWebIdentityToken">The token's <c>sub</c> claim.</param>
/// <param name="AssumedRoleUser">The session's ARN and id.</param>
/// <param name="PackedPolicySize">The share of the packed-policy budget the session policies and tags use, in percent (<see cref="PackedPolicyBudget"/>).</param>
/// <param name="Provider">The token's issuer (<c>iss</c>).</param>
/// <param name="Audience">The client id the token was accepted for.</param>
/// <param name="SourceIdentity">The source identity from the token's <c>https://aws.amazon.com/source_identity</c> claim, or null.</param>
/// <param name="Session">The minted session (what the token seals), for the host's audit log.</param>
public sealed record AssumeRoleWithWebIdentityResponse(
    TemporaryCredentials Credentials,
    string SubjectFromWebIdentityToken,
    AssumedRoleUser AssumedRoleUser,
    int PackedPolicySize,
    string Provider,
    string Audience,
    string? SourceIdentity,
    SessionState Session);
