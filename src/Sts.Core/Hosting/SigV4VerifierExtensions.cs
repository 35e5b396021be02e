using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Core.Telemetry;
using Sts.SigV4;

namespace Sts.Core.Hosting;

/// <summary>
/// The measured entry point of SigV4 authentication for hosts of Sts: <see cref="SigV4Verifier.VerifyAsync"/> plus the
/// activity <c>SigV4/Authenticate</c>, the metrics <c>sts.authentication.failure.count</c> (by AWS error code) and
/// <c>sts.authentication.duration</c>, and the log events 2001-2002 of <c>docs/telemetry.md</c>. The verifier itself
/// stays free of telemetry.
/// </summary>
public static class SigV4VerifierExtensions
{
    /// <summary>Verifies a signed request (<see cref="SigV4Verifier.VerifyAsync"/>) and records the outcome, without logging.</summary>
    /// <param name="verifier">The verifier.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels credential lookups and body reads.</param>
    /// <returns>The verifier's result, unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="verifier"/> or <paramref name="request"/> is null.</exception>
    public static ValueTask<SigV4VerificationResult> AuthenticateAsync(this SigV4Verifier verifier, SigV4Request request, CancellationToken cancellationToken) =>
        verifier.AuthenticateAsync(request, null, cancellationToken);

    /// <summary>Verifies a signed request (<see cref="SigV4Verifier.VerifyAsync"/>) and records the outcome.</summary>
    /// <param name="verifier">The verifier.</param>
    /// <param name="request">The request.</param>
    /// <param name="logger">Receives the outcome (the access key id and caller ARN, or the AWS error code; never a secret, signature or token); <see cref="NullLogger"/> when null.</param>
    /// <param name="cancellationToken">Cancels credential lookups and body reads.</param>
    /// <returns>The verifier's result, unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="verifier"/> or <paramref name="request"/> is null.</exception>
    public static async ValueTask<SigV4VerificationResult> AuthenticateAsync(
        this SigV4Verifier verifier, SigV4Request request, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(request);
        using var activity = StsTelemetry.Source.HasListeners() ? StsTelemetry.Source.StartActivity("SigV4/Authenticate") : null;
        var started = StsTelemetry.AuthenticationDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        var result = await verifier.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
        Record(result, activity, started, logger ?? NullLogger.Instance);
        return result;
    }

    private static void Record(SigV4VerificationResult result, Activity? activity, long started, ILogger logger)
    {
        if (result.IsSuccess)
        {
            activity?.SetTag("sts.access_key_id", result.AccessKeyId);
            AuthenticationLog.Succeeded(logger, result.AccessKeyId!, (result.Identity as AuthenticatedCaller)?.Caller.Arn ?? "-", result.Service ?? "-");
            if (started != 0)
            {
                StsTelemetry.AuthenticationDuration.Record(StsTelemetry.SecondsSince(started), new KeyValuePair<string, object?>(StsTelemetry.OutcomeTag, StsTelemetry.Success));
            }

            return;
        }

        var code = result.Error.AwsCode;
        StsTelemetry.SetError(activity, code);
        StsTelemetry.AuthenticationFailures.Add(1, new KeyValuePair<string, object?>(StsTelemetry.ErrorTypeTag, code));
        if (started != 0)
        {
            StsTelemetry.AuthenticationDuration.Record(
                StsTelemetry.SecondsSince(started),
                new KeyValuePair<string, object?>(StsTelemetry.OutcomeTag, code),
                new KeyValuePair<string, object?>(StsTelemetry.ErrorTypeTag, code));
        }

        AuthenticationLog.Failed(logger, code, result.Error.Message);
    }
}
