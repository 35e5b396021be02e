using System.Globalization;

namespace Sts.Core.SecurityToken;

/// <summary>The errors STS operations answer with, worded as AWS words them.</summary>
internal static class StsErrors
{
    internal static StsError NotAuthorized(StsCaller caller, string action, string resource) => new(
        "AccessDenied", $"User: {caller.Arn} is not authorized to perform: {action} on resource: {resource}", 403);

    internal static StsError ExceedsRoleMaximum() => new(
        "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);

    internal static StsError ExceedsChainingLimit() => new(
        "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);

    internal static StsError MfaFailed(string detail) => new(
        "AccessDenied", $"MultiFactorAuthentication failed: {detail}", 403);

    internal static StsError SessionCredentialsNotAllowed(string operation) => new(
        "AccessDenied", $"Cannot call {operation} with session credentials", 403);

    internal static StsError MalformedPolicy(string message) => new("MalformedPolicyDocument", message, 400);

    internal static StsError Validation(string message) => new("ValidationError", message, 400);

    internal static StsError InvalidAuthorizationMessage() => new(
        "InvalidAuthorizationMessageException", "The encoded authorization message is invalid or was not issued by this service.", 400);

    internal static string Quote(string? value, int max = 64)
    {
        value ??= string.Empty;
        return value.Length <= max ? value : string.Create(CultureInfo.InvariantCulture, $"{value[..max]}...");
    }
}
