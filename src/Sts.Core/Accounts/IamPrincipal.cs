using Sts.Core.Tokens;

namespace Sts.Core.Accounts;

/// <summary>The authenticated caller of an IAM operation, as established by the host (signature check) or by STS.</summary>
/// <param name="Account">The account the principal belongs to; IAM operations act in this account.</param>
/// <param name="Kind">The kind of principal.</param>
/// <param name="Arn">The principal's ARN (<c>...:root</c>, <c>...:user/PATH/NAME</c>, <c>arn:aws:sts::...:assumed-role/ROLE/SESSION</c>).</param>
/// <param name="Name">The user name or role name; null for an account root.</param>
/// <param name="SessionPolicies">
/// For a role session, the session policies (JSON) it was issued with; they further limit what the role's
/// identity policies allow. Null or empty for none.
/// </param>
public sealed record IamPrincipal(AccountId Account, IamPrincipalKind Kind, string Arn, string? Name, IReadOnlyList<string>? SessionPolicies = null)
{
    /// <summary>
    /// The session behind the principal when it signed with temporary credentials (a role session, or a GetSessionToken
    /// session acting as its user); null for long-term credentials. <see cref="Hosting.StsCredentialResolver"/> sets it.
    /// IAM authorizes with its condition keys as STS does: <c>aws:TokenIssueTime</c>, <c>aws:MultiFactorAuthPresent</c>,
    /// <c>aws:MultiFactorAuthAge</c>, <c>aws:SourceIdentity</c>, the web identity keys, and, for a role session, its
    /// session tags over the role's tags as <c>aws:PrincipalTag/KEY</c>.
    /// </summary>
    public SessionState? Session { get; init; }

    /// <summary>
    /// When the temporary credentials the caller signed with were issued (<c>aws:TokenIssueTime</c>, whole seconds, UTC);
    /// null for long-term credentials. Policies can deny sessions issued before a time (AWS's "revoke active sessions").
    /// </summary>
    public DateTimeOffset? SessionIssuedAt => Session?.IssuedAt;

    /// <summary>The root principal of <paramref name="account"/>.</summary>
    /// <param name="account">The account.</param>
    /// <returns>The principal.</returns>
    public static IamPrincipal Root(AccountId account) => new(account, IamPrincipalKind.AccountRoot, account.RootArn, null);

    /// <summary>An IAM user of <paramref name="account"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="userName">The user name.</param>
    /// <param name="path">The user's path, <c>/</c> by default.</param>
    /// <returns>The principal.</returns>
    public static IamPrincipal User(AccountId account, string userName, string path = "/") =>
        new(account, IamPrincipalKind.User, $"arn:aws:iam::{account.Value}:user{path}{userName}", userName);

    /// <summary>A session of a role of <paramref name="account"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="roleName">The role name.</param>
    /// <param name="sessionName">The role session name.</param>
    /// <param name="sessionPolicies">The session policies the session was issued with, or null for none.</param>
    /// <returns>The principal.</returns>
    public static IamPrincipal AssumedRole(AccountId account, string roleName, string sessionName, IReadOnlyList<string>? sessionPolicies = null) =>
        new(account, IamPrincipalKind.AssumedRole, $"arn:aws:sts::{account.Value}:assumed-role/{roleName}/{sessionName}", roleName, sessionPolicies);
}
