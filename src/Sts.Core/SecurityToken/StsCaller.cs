using System.Collections.Immutable;
using Sts.Core.Iam;
using Sts.Core.Tokens;

namespace Sts.Core.SecurityToken;

/// <summary>
/// The authenticated principal behind an STS request: who signed it, as the SigV4 verifier and the credential
/// lookup established. Immutable. Built with <see cref="ForAccountRoot"/>, <see cref="ForUser(string, string, string)"/> or <c>ForSession</c>.
/// </summary>
public sealed class StsCaller
{
    private StsCaller(StsCallerKind kind, string account, string arn, string userId, string? userName, SessionState? session, ImmutableArray<SessionTag> principalTags = default)
    {
        Kind = kind;
        Account = account;
        Arn = arn;
        UserId = userId;
        UserName = userName;
        Session = session;
        PrincipalTags = principalTags.IsDefault ? session?.Tags ?? [] : principalTags;
    }

    /// <summary>What kind of principal this is.</summary>
    public StsCallerKind Kind { get; }

    /// <summary>The caller's account (12 digits, or empty for the default tenant).</summary>
    public string Account { get; }

    /// <summary>The caller's ARN: <c>...:root</c>, the user ARN, or the session's principal ARN.</summary>
    public string Arn { get; }

    /// <summary>The caller's <c>aws:userid</c>: the account id for the root, <c>AIDA...</c> for users, <c>AROA...:SESSION</c> for role sessions.</summary>
    public string UserId { get; }

    /// <summary>The IAM user name (<c>aws:username</c>) for users and their GetSessionToken sessions; otherwise null.</summary>
    public string? UserName { get; }

    /// <summary>The session when the caller used temporary credentials; otherwise null.</summary>
    public SessionState? Session { get; }

    /// <summary>
    /// The caller's principal tags (<c>aws:PrincipalTag/KEY</c>): for a role session, its session tags and then its role's
    /// tags whose key no session tag has (ignoring case), as AWS merges them; for other sessions, the session tags; for an
    /// IAM user built with its tags (<see cref="ForUser(string, string, string, ImmutableArray{SessionTag})"/>), the user's
    /// tags; empty otherwise. One entry per key; a key with several values (Ceph profile) holds them all.
    /// </summary>
    public ImmutableArray<SessionTag> PrincipalTags { get; }

    /// <summary>True when the caller used temporary credentials.</summary>
    public bool IsTemporary => Session is not null;

    /// <summary>True when the caller is a role session (AssumeRole or AssumeRoleWithWebIdentity).</summary>
    public bool IsRoleSession => Session?.IsRoleSession == true;

    /// <summary>
    /// The ARN of the long-term identity behind the caller (the root or user, also for their GetSessionToken sessions),
    /// which is what owns MFA devices; null for role sessions.
    /// </summary>
    public string? LongTermIdentityArn => Kind switch
    {
        StsCallerKind.AccountRoot or StsCallerKind.User => Arn,
        _ => Session is { IsRoleSession: false } session ? session.CallerArn : null,
    };

    /// <summary>The account root user.</summary>
    /// <param name="account">The account id (or empty for the default tenant).</param>
    /// <param name="partition">The ARN partition.</param>
    /// <returns>The caller.</returns>
    public static StsCaller ForAccountRoot(string account, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(account);
        // AWS's root user id is the account id; the default tenant has none, so its root's id is "root".
        return new StsCaller(StsCallerKind.AccountRoot, account, $"arn:{partition}:iam::{account}:root", account.Length == 0 ? "root" : account, null, null);
    }

    /// <summary>An IAM user signing with a long-term key.</summary>
    /// <param name="account">The account id.</param>
    /// <param name="userArn">The user's ARN (with path).</param>
    /// <param name="userId">The user's unique id (<c>AIDA...</c>).</param>
    /// <returns>The caller.</returns>
    public static StsCaller ForUser(string account, string userArn, string userId)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(userArn);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return new StsCaller(StsCallerKind.User, account, userArn, userId, NameOf(userArn), null);
    }

    /// <summary>
    /// An IAM user signing with a long-term key, with the user's IAM tags, which are its principal tags
    /// (<c>aws:PrincipalTag/KEY</c>) in trust policies, its own identity policies and resource policies, as AWS treats them.
    /// <see cref="Hosting.StsCredentialResolver"/> builds users this way from the user it reads to resolve the key.
    /// </summary>
    /// <param name="account">The account id.</param>
    /// <param name="userArn">The user's ARN (with path).</param>
    /// <param name="userId">The user's unique id (<c>AIDA...</c>).</param>
    /// <param name="userTags">The user's tags, one entry per key (a key with several values holds them all).</param>
    /// <returns>The caller, whose <see cref="PrincipalTags"/> are <paramref name="userTags"/>.</returns>
    public static StsCaller ForUser(string account, string userArn, string userId, ImmutableArray<SessionTag> userTags)
    {
        var caller = ForUser(account, userArn, userId);
        return userTags.IsDefaultOrEmpty ? caller : new StsCaller(StsCallerKind.User, account, userArn, userId, caller.UserName, null, userTags);
    }

    /// <summary>A caller signing with temporary credentials whose token opened to <paramref name="session"/>.</summary>
    /// <param name="session">The opened session.</param>
    /// <returns>The caller.</returns>
    public static StsCaller ForSession(SessionState session) => ForSession(session, []);

    /// <summary>
    /// A caller signing with temporary credentials whose token opened to <paramref name="session"/>, with the current tags of
    /// the session's role (or, for a user's GetSessionToken session, of its user). Those tags are read when a request is
    /// authorized, not sealed into the token: the token stays small, and tag changes reach live sessions as policy changes do.
    /// </summary>
    /// <param name="session">The opened session.</param>
    /// <param name="roleTags">The tags of the session's role now, or of its user for a user's session (ignored for root sessions).</param>
    /// <returns>The caller, whose <see cref="PrincipalTags"/> are these tags overridden by the session tags.</returns>
    public static StsCaller ForSession(SessionState session, ImmutableArray<SessionTag> roleTags)
    {
        ArgumentNullException.ThrowIfNull(session);
        var userName = session.IsRoleSession || session.CallerArn is null || session.CallerArn.EndsWith(":root", StringComparison.Ordinal)
            ? null
            : NameOf(session.CallerArn);
        var tags = session.IsRoleSession || userName is not null ? MergeTags(roleTags, session.Tags) : session.Tags;
        return new StsCaller(StsCallerKind.Session, session.Account, session.PrincipalArn, session.PrincipalId, userName, session, tags);
    }

    /// <summary>Finds a principal tag by key, ignoring case.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The tag's value when found.</param>
    /// <returns>True when the caller carries the tag.</returns>
    public bool TryGetPrincipalTag(string key, out string value)
    {
        foreach (var tag in PrincipalTags)
        {
            if (string.Equals(tag.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = tag.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>
    /// The one merge of principal tags, used wherever a role session's tags are computed (this type, the STS directory,
    /// IAM's authorizer): the session tags, then the role's tags whose key no session tag has (keys compare ignoring
    /// case; session tags keep their spelling, as AWS merges them). Every value of a multi-valued tag is kept.
    /// </summary>
    /// <param name="roleTags">The role's tags now, one entry per key (<see cref="EntityTags"/>).</param>
    /// <param name="sessionTags">The session's tags, one entry per key.</param>
    /// <returns>The principal tags, session tags first.</returns>
    internal static ImmutableArray<SessionTag> MergeTags(ImmutableArray<SessionTag> roleTags, ImmutableArray<SessionTag> sessionTags)
    {
        if (roleTags.IsDefaultOrEmpty)
        {
            return sessionTags.IsDefault ? [] : sessionTags;
        }

        if (sessionTags.IsDefaultOrEmpty)
        {
            return roleTags;
        }

        var merged = ImmutableArray.CreateBuilder<SessionTag>(roleTags.Length + sessionTags.Length);
        merged.AddRange(sessionTags);
        foreach (var roleTag in roleTags)
        {
            var overridden = false;
            foreach (var sessionTag in sessionTags)
            {
                overridden |= string.Equals(sessionTag.Key, roleTag.Key, StringComparison.OrdinalIgnoreCase);
            }

            if (!overridden)
            {
                merged.Add(roleTag);
            }
        }

        return merged.DrainToImmutable();
    }

    /// <summary>
    /// A user's or role's IAM tags as principal tags: one tag per key (ignoring case, spelled as its first entry), with
    /// every value of a key that the entity holds more than once (role tags under
    /// <see cref="CephCompatibility.MultiValuedSessionTags"/>) in the order they were stored.
    /// </summary>
    /// <param name="tags">The entity's tags.</param>
    /// <returns>The tags, in the order their keys first appear.</returns>
    internal static ImmutableArray<SessionTag> EntityTags(ImmutableArray<IamTag> tags)
    {
        if (tags.IsDefaultOrEmpty)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<SessionTag>(tags.Length);
        for (var i = 0; i < tags.Length; i++)
        {
            var key = tags[i].Key;
            var seen = false;
            for (var j = 0; j < i && !seen; j++)
            {
                seen = string.Equals(tags[j].Key, key, StringComparison.OrdinalIgnoreCase);
            }

            if (seen)
            {
                continue;
            }

            List<string>? more = null;
            for (var j = i + 1; j < tags.Length; j++)
            {
                if (string.Equals(tags[j].Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    (more ??= [tags[i].Value]).Add(tags[j].Value);
                }
            }

            result.Add(more is null ? new SessionTag(key, tags[i].Value) : new SessionTag(key, more));
        }

        return result.DrainToImmutable();
    }

    /// <inheritdoc />
    public override string ToString() => Arn;

    private static string NameOf(string arn) => arn[(arn.LastIndexOf('/') + 1)..];
}
