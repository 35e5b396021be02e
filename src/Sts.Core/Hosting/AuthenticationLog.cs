using Microsoft.Extensions.Logging;
using Sts.Core.SecurityToken;

namespace Sts.Core.Hosting;

/// <summary>The log events of SigV4 authentication (ids 2001-2099; the table is in <c>docs/telemetry.md</c>).</summary>
internal static partial class AuthenticationLog
{
    [LoggerMessage(EventId = 2001, EventName = "AuthenticationSucceeded", Level = LogLevel.Debug,
        Message = "SigV4 request by access key {AccessKeyId} ({Principal}) for service {Service} authenticated")]
    internal static partial void Succeeded(ILogger logger, string accessKeyId, string principal, string service);

    [LoggerMessage(EventId = 2002, EventName = "AuthenticationFailed", Level = LogLevel.Information,
        Message = "SigV4 authentication failed: {ErrorCode}: {ErrorMessage}")]
    internal static partial void Failed(ILogger logger, string errorCode, string errorMessage);

    [LoggerMessage(EventId = 2003, EventName = "AccessKeyNotResolved", Level = LogLevel.Information,
        Message = "Access key {AccessKeyId} was refused: {Reason}")]
    private static partial void KeyNotResolvedCore(ILogger logger, string accessKeyId, string reason);

    [LoggerMessage(EventId = 2004, EventName = "SessionTokenNotOpened", Level = LogLevel.Information,
        Message = "The session token of access key {AccessKeyId} ({TokenLength} characters) was refused: {ErrorCode}")]
    private static partial void SessionTokenRefusedCore(ILogger logger, string accessKeyId, int tokenLength, string errorCode);

    /// <summary>Logs 2003 with the access key id (untrusted input) quoted and truncated.</summary>
    internal static void KeyNotResolved(ILogger logger, string accessKeyId, string reason)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var quoted = StsErrors.Quote(accessKeyId);
            KeyNotResolvedCore(logger, quoted, reason);
        }
    }

    /// <summary>Logs 2004 with the access key id quoted and truncated and only the token's length.</summary>
    internal static void SessionTokenRefused(ILogger logger, string accessKeyId, string sessionToken, string errorCode)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var quoted = StsErrors.Quote(accessKeyId);
            SessionTokenRefusedCore(logger, quoted, sessionToken.Length, errorCode);
        }
    }
}
