namespace Sts.Core.SecurityToken;

/// <summary>The <c>AssumedRoleUser</c> element of an assume-role response.</summary>
/// <param name="Arn">The session's ARN, <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c> (role path dropped).</param>
/// <param name="AssumedRoleId">The session's id, <c>ROLEID:SESSION</c>.</param>
public sealed record AssumedRoleUser(string Arn, string AssumedRoleId);
