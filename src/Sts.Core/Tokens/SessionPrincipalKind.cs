namespace Sts.Core.Tokens;

/// <summary>What kind of principal a temporary session stands for.</summary>
public enum SessionPrincipalKind
{
    /// <summary>A role session from <c>AssumeRole</c>; its ARN is <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.</summary>
    AssumedRole = 1,

    /// <summary>
    /// A role session from <c>AssumeRoleWithWebIdentity</c>: an assumed-role principal that also carries the
    /// identity provider, subject and audience (<c>aws:FederatedProvider</c>, <c>PROVIDER:sub</c>, <c>PROVIDER:aud</c>).
    /// </summary>
    WebIdentity = 2,

    /// <summary>A <c>GetSessionToken</c> session of an IAM user or the account root; its ARN is the caller's own ARN.</summary>
    UserSession = 3,
}
