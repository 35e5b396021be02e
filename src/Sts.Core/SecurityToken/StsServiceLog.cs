using Microsoft.Extensions.Logging;

namespace Sts.Core.SecurityToken;

/// <summary>The log events of <see cref="StsService"/> (ids 1001-1099; the table is in <c>docs/telemetry.md</c>).</summary>
internal static partial class StsServiceLog
{
    [LoggerMessage(EventId = 1001, EventName = "StsOperationSucceeded", Level = LogLevel.Information,
        Message = "STS {Operation} by {Principal} succeeded; issued access key {AccessKeyId}")]
    internal static partial void OperationSucceeded(ILogger logger, string operation, string principal, string accessKeyId);

    [LoggerMessage(EventId = 1002, EventName = "StsOperationFailed", Level = LogLevel.Information,
        Message = "STS {Operation} by {Principal} failed: {ErrorCode}: {ErrorMessage}")]
    internal static partial void OperationFailed(ILogger logger, string operation, string principal, string errorCode, string errorMessage);
}
