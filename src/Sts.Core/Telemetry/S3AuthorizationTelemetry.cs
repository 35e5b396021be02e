using System.Diagnostics;
using Sts.Core.S3;

namespace Sts.Core.Telemetry;

/// <summary>
/// Measures one <see cref="S3Authorization.Authorize"/> call: the activity <c>S3/Authorize</c>, one
/// <c>sts.policy.evaluation.count</c> per check (site <c>s3</c>, decision <c>allow</c> or <c>deny</c>: the caller's
/// predicate answers yes or no) and <c>sts.s3.authorization.duration</c>.
/// </summary>
internal readonly struct S3AuthorizationTelemetry
{
    private readonly S3Operation _operation;
    private readonly Activity? _activity;
    private readonly long _started;

    private S3AuthorizationTelemetry(S3Operation operation, Activity? activity, long started)
    {
        _operation = operation;
        _activity = activity;
        _started = started;
    }

    internal static S3AuthorizationTelemetry Start(S3Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var activity = StsTelemetry.Source.HasListeners() ? StsTelemetry.Source.StartActivity("S3/Authorize") : null;
        activity?.SetTag(StsTelemetry.OperationTag, operation.Kind.ToString());
        return new S3AuthorizationTelemetry(operation, activity, StsTelemetry.S3AuthorizationDuration.Enabled ? Stopwatch.GetTimestamp() : 0);
    }

    /// <summary>Counts one check's decision and returns it.</summary>
    internal static bool Record(bool allowed)
    {
        StsTelemetry.RecordPolicyEvaluation("s3", allowed ? "allow" : "deny");
        return allowed;
    }

    /// <summary>Records the outcome, ends the activity and returns <paramref name="error"/>.</summary>
    internal StsError? Complete(StsError? error)
    {
        var outcome = error?.Code ?? StsTelemetry.Success;
        if (error is not null)
        {
            StsTelemetry.SetError(_activity, error.Code);
        }

        _activity?.Dispose();
        if (_started != 0)
        {
            var tags = new TagList
            {
                { StsTelemetry.OperationTag, _operation.Kind.ToString() },
                { StsTelemetry.OutcomeTag, outcome },
            };
            if (error is not null)
            {
                tags.Add(StsTelemetry.ErrorTypeTag, error.Code);
            }

            StsTelemetry.S3AuthorizationDuration.Record(StsTelemetry.SecondsSince(_started), tags);
        }

        return error;
    }
}
