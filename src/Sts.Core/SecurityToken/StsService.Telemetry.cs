using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sts.Core.SecurityToken;

/// <summary>
/// Logging of the public operations. Each public operation is a thin wrapper (beside its implementation, in the part of
/// this class that holds it) that is measured and traced (metrics <c>sts.operation.count</c> and
/// <c>sts.operation.duration</c>, activity <c>STS/&lt;operation&gt;</c>) and logged through <see cref="StsServiceLog"/>.
/// </summary>
public sealed partial class StsService
{
    /// <summary>
    /// Receives one entry per operation (event ids 1001-1002 in <c>docs/telemetry.md</c>): the operation, the caller's ARN,
    /// the issued access key id and, on failure, the AWS error code and message. Never a secret, session token or web
    /// identity token. <see cref="NullLogger"/> by default.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

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
