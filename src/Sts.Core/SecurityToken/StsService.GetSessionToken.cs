using Sts.Core.Tokens;

namespace Sts.Core.SecurityToken;

/// <summary><c>GetSessionToken</c>.</summary>
public sealed partial class StsService
{
    /// <summary>The default <c>GetSessionToken</c> session length for IAM users, in seconds.</summary>
    public const int DefaultUserSessionSeconds = 43200;

    /// <summary>The longest <c>GetSessionToken</c> session for IAM users, in seconds.</summary>
    public const int MaxUserSessionSeconds = 129600;

    /// <summary>The longest (and default) <c>GetSessionToken</c> session for the account root, in seconds.</summary>
    public const int MaxRootSessionSeconds = 3600;

    /// <summary>
    /// <c>GetSessionToken</c>: temporary credentials for an IAM user or the account root, optionally MFA-authenticated.
    /// Needs no policy permission. The root's sessions are cut to one hour, as AWS does.
    /// </summary>
    /// <param name="caller">The authenticated caller; must use long-term credentials.</param>
    /// <param name="request">The parameters.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>
    /// The credentials; <c>ValidationError</c> for model violations; <c>AccessDenied</c> when called with session
    /// credentials or when MFA fails.
    /// </returns>
    public async ValueTask<StsResult<GetSessionTokenResponse>> GetSessionTokenAsync(StsCaller caller, GetSessionTokenRequest request, CancellationToken cancellationToken = default)
    {
        var scope = Telemetry.StsTelemetry.StartOperation("STS", "GetSessionToken");
        var result = await GetSessionTokenCoreAsync(caller, request, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("GetSessionToken", caller.Arn, result.IsSuccess ? result.Value.Credentials.AccessKeyId : null, result.Error);
        return result;
    }

    private async ValueTask<StsResult<GetSessionTokenResponse>> GetSessionTokenCoreAsync(StsCaller caller, GetSessionTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var validator = new StsValidator();
        validator.Range("durationSeconds", request.DurationSeconds, 900, MaxUserSessionSeconds);
        validator.Text("serialNumber", request.SerialNumber, 9, 256, StsValidator.SerialNumberChars, StsValidator.SerialNumberPattern);
        validator.Text("tokenCode", request.TokenCode, 6, 6, StsValidator.Digits, StsValidator.TokenCodePattern);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (caller.IsTemporary)
        {
            return StsErrors.SessionCredentialsNotAllowed("GetSessionToken");
        }

        var mfa = await VerifyMfaAsync(caller, request.SerialNumber, request.TokenCode, cancellationToken).ConfigureAwait(false);
        if (!mfa.IsSuccess)
        {
            return mfa.Error;
        }

        var isRoot = caller.Kind == StsCallerKind.AccountRoot;
        var duration = request.DurationSeconds ?? (isRoot ? MaxRootSessionSeconds : DefaultUserSessionSeconds);
        if (isRoot)
        {
            duration = Math.Min(duration, MaxRootSessionSeconds);
        }

        var now = _time.GetUtcNow();
        var session = new SessionState
        {
            AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
            SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
            Kind = SessionPrincipalKind.UserSession,
            Account = caller.Account,
            CallerArn = caller.Arn,
            CallerUserId = caller.UserId,
            MultiFactorAuthenticatedAt = mfa.Value,
            IssuedAt = now,
            Expiration = now.AddSeconds(duration),
        };

        var token = _sealer.Seal(session);
        if (!token.IsSuccess)
        {
            return token.Error;
        }

        return new GetSessionTokenResponse(
            new TemporaryCredentials(session.AccessKeyId, session.SecretAccessKey, token.Value.Token, session.Expiration),
            session);
    }
}
