using System.Collections.Immutable;
using System.Globalization;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;

namespace Sts.Core.SecurityToken;

/// <summary>
/// The STS operations: <c>AssumeRole</c>, <c>AssumeRoleWithWebIdentity</c>, <c>GetSessionToken</c>, <c>GetCallerIdentity</c>,
/// <c>GetAccessKeyInfo</c> and <c>DecodeAuthorizationMessage</c>, with AWS semantics (validation, durations, trust, tags,
/// source identity, MFA) and stateless sealed session tokens. Every operation but <c>AssumeRoleWithWebIdentity</c> (whose
/// token is the credential) takes the already authenticated caller; each returns a result and none throws for bad input.
/// Thread-safe.
/// </summary>
public sealed partial class StsService
{
    /// <summary>The default session length of <c>AssumeRole</c>, in seconds.</summary>
    public const int DefaultRoleSessionSeconds = 3600;

    /// <summary>The longest session of a role assumed by role chaining, in seconds.</summary>
    public const int MaxChainedSessionSeconds = 3600;

    private static TimeKeys? s_timeKeys;

    private readonly SessionTokenSealer _sealer;
    private readonly IRoleResolver _roles;
    private readonly IStsPolicyDecider _decider;
    private readonly IMfaDeviceResolver _mfaDevices;
    private readonly TotpVerifier _totp;
    private readonly IAccessKeyAccountResolver _accessKeys;
    private readonly AuthorizationMessageSealer _messages;
    private readonly TimeProvider _time;
    private readonly WebIdentityTokenValidator? _webIdentity;
    private readonly IOidcProviderDirectory? _oidcProviders;

    /// <summary>Creates the service.</summary>
    /// <param name="sealer">Seals minted sessions into tokens.</param>
    /// <param name="roles">Finds roles.</param>
    /// <param name="decider">Answers trust and identity policy questions.</param>
    /// <param name="mfaDevices">Finds enabled MFA devices.</param>
    /// <param name="totp">Checks MFA codes (and refuses replays).</param>
    /// <param name="accessKeys">Finds the account of long-term access keys.</param>
    /// <param name="messages">Opens encoded authorization messages.</param>
    /// <param name="time">The clock.</param>
    /// <param name="webIdentity">Validates <c>AssumeRoleWithWebIdentity</c> tokens; without it (or <paramref name="oidcProviders"/>) that call is refused.</param>
    /// <param name="oidcProviders">The OIDC providers of each account, for <c>AssumeRoleWithWebIdentity</c>.</param>
    public StsService(
        SessionTokenSealer sealer,
        IRoleResolver roles,
        IStsPolicyDecider decider,
        IMfaDeviceResolver mfaDevices,
        TotpVerifier totp,
        IAccessKeyAccountResolver accessKeys,
        AuthorizationMessageSealer messages,
        TimeProvider time,
        WebIdentityTokenValidator? webIdentity = null,
        IOidcProviderDirectory? oidcProviders = null)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(mfaDevices);
        ArgumentNullException.ThrowIfNull(totp);
        ArgumentNullException.ThrowIfNull(accessKeys);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(time);
        _sealer = sealer;
        _roles = roles;
        _decider = decider;
        _mfaDevices = mfaDevices;
        _totp = totp;
        _accessKeys = accessKeys;
        _messages = messages;
        _time = time;
        _webIdentity = webIdentity;
        _oidcProviders = oidcProviders;
        ManagedSessionPolicies = roles as IManagedSessionPolicySource;
    }

    /// <summary><c>GetCallerIdentity</c>: who the caller is. Always allowed; no policy can deny it.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <returns>The caller's user id, account and ARN.</returns>
    public CallerIdentity GetCallerIdentity(StsCaller caller)
    {
        var scope = Telemetry.StsTelemetry.StartOperation("STS", "GetCallerIdentity");
        var identity = GetCallerIdentityCore(caller);
        scope.Complete(null);
        Log("GetCallerIdentity", caller.Arn, null, null);
        return identity;
    }

    private static CallerIdentity GetCallerIdentityCore(StsCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new CallerIdentity(caller.UserId, caller.Account, caller.Arn);
    }

    /// <summary><c>GetAccessKeyInfo</c>: the account that owns an access key.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="accessKeyId">The <c>AccessKeyId</c> parameter (16 to 128 characters of <c>[\w]</c>).</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>
    /// The account id; <c>ValidationError</c> for a malformed id; <c>AccessDenied</c> for GetSessionToken credentials (which
    /// may call only AssumeRole and GetCallerIdentity); <c>InvalidParameterValue</c> when the key is unknown. A
    /// temporary (<c>ASIA</c>) key is known only when it is the caller's own: sessions are stateless, so other nodes'
    /// temporary keys cannot be looked up.
    /// </returns>
    public async ValueTask<StsResult<string>> GetAccessKeyInfoAsync(StsCaller caller, string? accessKeyId, CancellationToken cancellationToken = default)
    {
        var scope = Telemetry.StsTelemetry.StartOperation("STS", "GetAccessKeyInfo");
        var result = await GetAccessKeyInfoCoreAsync(caller, accessKeyId, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("GetAccessKeyInfo", caller.Arn, null, result.Error);
        return result;
    }

    private async ValueTask<StsResult<string>> GetAccessKeyInfoCoreAsync(StsCaller caller, string? accessKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validator = new StsValidator();
        validator.Required("accessKeyId", accessKeyId);
        validator.Text("accessKeyId", accessKeyId, 16, 128, StsValidator.WordChars, StsValidator.AccessKeyIdPattern);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (caller.Session is { IsRoleSession: false })
        {
            return StsErrors.SessionCredentialsNotAllowed("GetAccessKeyInfo");
        }

        if (caller.Session is { } session && string.Equals(session.AccessKeyId, accessKeyId, StringComparison.Ordinal))
        {
            return session.Account;
        }

        var account = await _accessKeys.FindAccountAsync(accessKeyId!, cancellationToken).ConfigureAwait(false);
        return account is null
            ? new StsError("InvalidParameterValue", $"The access key id '{StsErrors.Quote(accessKeyId)}' is not known to this service.", 400)
            : account;
    }

    /// <summary><c>DecodeAuthorizationMessage</c>: the explanation behind an encoded denial message.</summary>
    /// <param name="caller">The authenticated caller; its policies must allow <c>sts:DecodeAuthorizationMessage</c>.</param>
    /// <param name="encodedMessage">The <c>EncodedMessage</c> parameter (1 to 10240 characters).</param>
    /// <param name="cancellationToken">Cancels policy lookups.</param>
    /// <returns>
    /// The decoded JSON; <c>ValidationError</c> for a missing or over-long message; <c>AccessDenied</c> when the caller may not
    /// decode or uses GetSessionToken credentials (which may call only AssumeRole and GetCallerIdentity); <c>InvalidAuthorizationMessageException</c> when the message is not one this service issued or was altered.
    /// </returns>
    public async ValueTask<StsResult<string>> DecodeAuthorizationMessageAsync(StsCaller caller, string? encodedMessage, CancellationToken cancellationToken = default)
    {
        var scope = Telemetry.StsTelemetry.StartOperation("STS", "DecodeAuthorizationMessage");
        var result = await DecodeAuthorizationMessageCoreAsync(caller, encodedMessage, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("DecodeAuthorizationMessage", caller.Arn, null, result.Error);
        return result;
    }

    private async ValueTask<StsResult<string>> DecodeAuthorizationMessageCoreAsync(StsCaller caller, string? encodedMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validator = new StsValidator();
        validator.Required("encodedMessage", encodedMessage);
        validator.Text("encodedMessage", encodedMessage, 1, AuthorizationMessageSealer.MaxEncodedLength, null, string.Empty);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (caller.Session is { IsRoleSession: false })
        {
            return StsErrors.SessionCredentialsNotAllowed("DecodeAuthorizationMessage");
        }

        const string action = "sts:DecodeAuthorizationMessage";
        var question = new StsAuthorizationRequest(caller, action, "*", CallerContext(caller, _time.GetUtcNow()).AsReadOnly());
        if (await _decider.DecideIdentityAsync(question, cancellationToken).ConfigureAwait(false) != StsDecision.Allow)
        {
            return new StsError("AccessDenied", $"User: {caller.Arn} is not authorized to perform: {action}", 403);
        }

        return _messages.Open(encodedMessage);
    }

    /// <summary>Condition keys every STS authorization question carries about the caller and the time.</summary>
    private static Dictionary<string, ImmutableArray<string>> CallerContext(StsCaller caller, DateTimeOffset now) =>
        CallerContext(caller.Session, caller.PrincipalTags, now);

    /// <summary>
    /// Condition keys about a caller and the time, shared by STS and IAM authorization: <c>aws:CurrentTime</c>,
    /// <c>aws:EpochTime</c>, <c>aws:PrincipalTag/KEY</c> (every value), and for temporary credentials the session's
    /// <c>aws:TokenIssueTime</c>, MFA keys, <c>aws:SourceIdentity</c> and web identity keys.
    /// </summary>
    internal static Dictionary<string, ImmutableArray<string>> CallerContext(SessionState? session, ImmutableArray<SessionTag> principalTags, DateTimeOffset now)
    {
        var keys = new Dictionary<string, ImmutableArray<string>>(8 + principalTags.Length, StringComparer.OrdinalIgnoreCase);
        var time = TimeKeysAt(now);
        keys["aws:CurrentTime"] = time.CurrentTime;
        keys["aws:EpochTime"] = time.EpochTime;
        foreach (var tag in principalTags)
        {
            keys[$"aws:PrincipalTag/{tag.Key}"] = tag.Values;
        }

        if (session is null)
        {
            return keys;
        }

        keys["aws:TokenIssueTime"] = [Iso8601(session.IssuedAt)];
        keys["aws:MultiFactorAuthPresent"] = [session.IsMultiFactorAuthenticated ? "true" : "false"];
        if (session.MultiFactorAuthenticatedAt is { } mfa)
        {
            keys["aws:MultiFactorAuthAge"] = [SecondsBetween(mfa, now)];
        }

        if (session.SourceIdentity is not null)
        {
            keys["aws:SourceIdentity"] = [session.SourceIdentity];
        }

        if (session.Kind == SessionPrincipalKind.WebIdentity && session.WebIdentityProvider is { } provider)
        {
            keys["aws:FederatedProvider"] = [provider];
            keys[$"{provider}:sub"] = [session.WebIdentitySubject ?? string.Empty];
            keys[$"{provider}:aud"] = [session.WebIdentityAudience ?? string.Empty];
            if (!session.WebIdentityAuthenticationMethods.IsEmpty)
            {
                keys[$"{provider}:amr"] = session.WebIdentityAuthenticationMethods;
            }
        }

        return keys;
    }

    /// <summary>
    /// <c>aws:CurrentTime</c> and <c>aws:EpochTime</c> for the second of <paramref name="now"/>, formatted once per second
    /// (both have one-second resolution) and shared, so the decider can also recognize and reuse their parsed values.
    /// </summary>
    private static TimeKeys TimeKeysAt(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        var keys = Volatile.Read(ref s_timeKeys);
        if (keys is null || keys.Second != second)
        {
            keys = new TimeKeys(second, [Iso8601(now)], [second.ToString(CultureInfo.InvariantCulture)]);
            Volatile.Write(ref s_timeKeys, keys);
        }

        return keys;
    }

    private static string Iso8601(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string SecondsBetween(DateTimeOffset earlier, DateTimeOffset later) =>
        Math.Max(0L, (long)(later - earlier).TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks <c>SerialNumber</c>/<c>TokenCode</c> against the caller's own enabled device.</summary>
    /// <returns>The instant of MFA authentication, null when no MFA was offered, or <c>AccessDenied</c>.</returns>
    private async ValueTask<StsResult<DateTimeOffset?>> VerifyMfaAsync(StsCaller caller, string? serialNumber, string? tokenCode, CancellationToken cancellationToken)
    {
        if (serialNumber is null && tokenCode is null)
        {
            return (DateTimeOffset?)null;
        }

        if (serialNumber is null || tokenCode is null)
        {
            return StsErrors.MfaFailed("SerialNumber and TokenCode must be given together.");
        }

        var device = await _mfaDevices.FindEnabledDeviceAsync(serialNumber, cancellationToken).ConfigureAwait(false);
        if (device is null || caller.LongTermIdentityArn is not { } owner || !string.Equals(device.OwnerArn, owner, StringComparison.Ordinal))
        {
            return StsErrors.MfaFailed($"no enabled MFA device '{StsErrors.Quote(serialNumber)}' is assigned to {caller.Arn}.");
        }

        var verified = _totp.Verify(device.SerialNumber, device.Secret.Span, tokenCode);
        return verified.IsSuccess ? (DateTimeOffset?)verified.Value : verified.Error;
    }

    private sealed record TimeKeys(long Second, ImmutableArray<string> CurrentTime, ImmutableArray<string> EpochTime);
}
