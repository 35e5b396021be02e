using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.SecurityToken;
using Sts.Core.Tokens;
using Sts.SigV4;

namespace Sts.Core.Hosting;

/// <summary>
/// Resolves the access keys Sts issues for the SigV4 verifier: long-term keys of IAM users and account roots (from
/// <see cref="IamService"/>) and temporary credentials (an access key id with its session token, opened by
/// <see cref="SessionTokenSealer"/>). The identity handed back is an <see cref="AuthenticatedCaller"/>.
/// </summary>
public sealed class StsCredentialResolver : ICredentialResolver
{
    private readonly IamService _iam;
    private readonly SessionTokenSealer _sealer;

    /// <summary>Creates the resolver.</summary>
    /// <param name="iam">The IAM service holding long-term keys.</param>
    /// <param name="sealer">Opens session tokens.</param>
    public StsCredentialResolver(IamService iam, SessionTokenSealer sealer)
    {
        ArgumentNullException.ThrowIfNull(iam);
        ArgumentNullException.ThrowIfNull(sealer);
        _iam = iam;
        _sealer = sealer;
    }

    /// <summary>Receives why an access key or session token was refused (event ids 2003-2004; never a secret or token); <see cref="NullLogger"/> by default.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <inheritdoc />
    /// <remarks>
    /// A session token that does not open (malformed, altered, another key id) is <see cref="SigV4ErrorCode.InvalidToken"/>;
    /// an expired session is <see cref="SigV4ErrorCode.ExpiredToken"/>; a revoked one and an inactive long-term key are
    /// refused like an unknown key. A user's caller carries the user's tags as its principal tags. A role session's caller carries its principal tags: its session tags, then the role's
    /// current tags (read through the IAM cache) of other keys. A session's <see cref="IamPrincipal"/> carries the session
    /// (<see cref="IamPrincipal.Session"/>), so IAM calls made with it see the same condition keys as STS calls.
    /// </remarks>
    public async ValueTask<SigV4CredentialResult> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        if (sessionToken is not null)
        {
            return await ResolveSessionAsync(accessKeyId, sessionToken, cancellationToken).ConfigureAwait(false);
        }

        var key = await _iam.ResolveAccessKeyAsync(accessKeyId, cancellationToken).ConfigureAwait(false);
        if (key is null || key.Status != AccessKeyStatus.Active)
        {
            AuthenticationLog.KeyNotResolved(Logger, accessKeyId, key is null ? "unknown access key" : "inactive access key");
            return UnknownKey;
        }

        var principal = key.Principal;
        if (principal.Kind == IamPrincipalKind.AccountRoot)
        {
            return SigV4CredentialResult.Success(key.SecretAccessKey, AuthenticatedCaller.ForRoot(principal.Account));
        }

        var user = await _iam.Repository.GetAsync<UserEntry>(IamKeys.User(principal.Account, principal.Name!), cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            AuthenticationLog.KeyNotResolved(Logger, accessKeyId, "the key's user no longer exists");
            return UnknownKey;
        }

        // The user's tags are its principal tags; they come with the user already read here, no further lookup.
        var caller = StsCaller.ForUser(principal.Account.Value, user.Value.User.Arn, user.Value.User.UserId, StsCaller.EntityTags(user.Value.User.Tags));
        return SigV4CredentialResult.Success(key.SecretAccessKey, new AuthenticatedCaller(caller, principal));
    }

    private static SigV4CredentialResult UnknownKey =>
        SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records.");

    private async ValueTask<SigV4CredentialResult> ResolveSessionAsync(string accessKeyId, string sessionToken, CancellationToken cancellationToken)
    {
        var opened = _sealer.Open(sessionToken, accessKeyId);
        if (!opened.IsSuccess)
        {
            AuthenticationLog.SessionTokenRefused(Logger, accessKeyId, sessionToken, opened.Error.Code);
            return opened.Error.Code switch
            {
                "ExpiredToken" => SigV4CredentialResult.Fail(SigV4ErrorCode.ExpiredToken, "The provided token has expired."),
                _ => SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidToken, "The provided token is malformed or otherwise invalid."),
            };
        }

        var session = opened.Value;
        if (!AccountId.TryParse(session.Account, out var account))
        {
            return SigV4CredentialResult.Fail(SigV4ErrorCode.InvalidToken, "The provided token is malformed or otherwise invalid.");
        }

        IamPrincipal principal;
        if (session.IsRoleSession)
        {
            principal = IamPrincipal.AssumedRole(account, session.RoleName!, session.RoleSessionName!, session.SessionPolicy is { } policy ? [policy] : null);
        }
        else if (session.CallerArn is null || session.CallerArn.EndsWith(":root", StringComparison.Ordinal))
        {
            principal = IamPrincipal.Root(account);
        }
        else
        {
            principal = new IamPrincipal(account, IamPrincipalKind.User, session.CallerArn, session.CallerArn[(session.CallerArn.LastIndexOf('/') + 1)..]);
        }

        // A role session's principal tags are its session tags, then its role's current tags of other keys; a user's
        // GetSessionToken session has its user's current tags, as the user's own keys do (StsCaller.ForSession).
        var entityTags = ImmutableArray<SessionTag>.Empty;
        if (session.IsRoleSession)
        {
            var role = await _iam.GetRoleByArnAsync(session.RoleArn!, cancellationToken).ConfigureAwait(false);
            entityTags = role is null ? [] : StsCaller.EntityTags(role.Tags);
        }
        else if (principal.Kind == IamPrincipalKind.User)
        {
            var user = await _iam.Repository.GetAsync<UserEntry>(IamKeys.User(account, principal.Name!), cancellationToken).ConfigureAwait(false);
            entityTags = user is null || !string.Equals(user.Value.User.Arn, session.CallerArn, StringComparison.Ordinal) ? [] : StsCaller.EntityTags(user.Value.User.Tags);
        }

        // IAM's authorizer reads the session's condition keys (issue time, MFA, session tags...) from the principal.
        principal = principal with { Session = session };
        return SigV4CredentialResult.Success(session.SecretAccessKey, new AuthenticatedCaller(StsCaller.ForSession(session, entityTags), principal));
    }
}
