using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Core.Telemetry;

namespace Sts.Core.SecurityToken;

/// <summary>
/// The public operations, each measured and traced at this boundary (metrics <c>sts.operation.count</c> and
/// <c>sts.operation.duration</c>, activity <c>STS/&lt;operation&gt;</c>) and logged (<see cref="StsServiceLog"/>), around
/// the implementation in the other parts of this class.
/// </summary>
public sealed partial class StsService
{
    /// <summary>
    /// Receives one entry per operation (event ids 1001-1002 in <c>docs/telemetry.md</c>): the operation, the caller's ARN,
    /// the issued access key id and, on failure, the AWS error code and message. Never a secret, session token or web
    /// identity token. <see cref="NullLogger"/> by default.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <inheritdoc cref="AssumeRoleCoreAsync"/>
    public async ValueTask<StsResult<AssumeRoleResponse>> AssumeRoleAsync(StsCaller caller, AssumeRoleRequest request, CancellationToken cancellationToken = default)
    {
        var scope = StsTelemetry.StartOperation("STS", "AssumeRole");
        var result = await AssumeRoleCoreAsync(caller, request, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("AssumeRole", caller.Arn, result.IsSuccess ? result.Value.Credentials.AccessKeyId : null, result.Error);
        return result;
    }

    /// <inheritdoc cref="AssumeRoleWithWebIdentityCoreAsync"/>
    public async ValueTask<StsResult<AssumeRoleWithWebIdentityResponse>> AssumeRoleWithWebIdentityAsync(
        AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken = default)
    {
        var scope = StsTelemetry.StartOperation("STS", "AssumeRoleWithWebIdentity");
        var result = await AssumeRoleWithWebIdentityCoreAsync(request, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("AssumeRoleWithWebIdentity", StsErrors.Quote(request.RoleArn), result.IsSuccess ? result.Value.Credentials.AccessKeyId : null, result.Error);
        return result;
    }

    /// <inheritdoc cref="GetSessionTokenCoreAsync"/>
    public async ValueTask<StsResult<GetSessionTokenResponse>> GetSessionTokenAsync(StsCaller caller, GetSessionTokenRequest request, CancellationToken cancellationToken = default)
    {
        var scope = StsTelemetry.StartOperation("STS", "GetSessionToken");
        var result = await GetSessionTokenCoreAsync(caller, request, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("GetSessionToken", caller.Arn, result.IsSuccess ? result.Value.Credentials.AccessKeyId : null, result.Error);
        return result;
    }

    /// <inheritdoc cref="GetCallerIdentityCore"/>
    public CallerIdentity GetCallerIdentity(StsCaller caller)
    {
        var scope = StsTelemetry.StartOperation("STS", "GetCallerIdentity");
        var identity = GetCallerIdentityCore(caller);
        scope.Complete(null);
        Log("GetCallerIdentity", caller.Arn, null, null);
        return identity;
    }

    /// <inheritdoc cref="GetAccessKeyInfoCoreAsync"/>
    public async ValueTask<StsResult<string>> GetAccessKeyInfoAsync(StsCaller caller, string? accessKeyId, CancellationToken cancellationToken = default)
    {
        var scope = StsTelemetry.StartOperation("STS", "GetAccessKeyInfo");
        var result = await GetAccessKeyInfoCoreAsync(caller, accessKeyId, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("GetAccessKeyInfo", caller.Arn, null, result.Error);
        return result;
    }

    /// <inheritdoc cref="DecodeAuthorizationMessageCoreAsync"/>
    public async ValueTask<StsResult<string>> DecodeAuthorizationMessageAsync(StsCaller caller, string? encodedMessage, CancellationToken cancellationToken = default)
    {
        var scope = StsTelemetry.StartOperation("STS", "DecodeAuthorizationMessage");
        var result = await DecodeAuthorizationMessageCoreAsync(caller, encodedMessage, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.Error);
        Log("DecodeAuthorizationMessage", caller.Arn, null, result.Error);
        return result;
    }

    private void Log(string operation, string principal, string? issuedAccessKeyId, StsError? error)
    {
        if (error is null)
        {
            StsServiceLog.OperationSucceeded(Logger, operation, principal, issuedAccessKeyId ?? "-");
        }
        else
        {
            StsServiceLog.OperationFailed(Logger, operation, principal, error.Code, error.Message);
        }
    }
}
