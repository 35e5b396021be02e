using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sts.Core.Telemetry;

/// <summary>
/// The one <see cref="Meter"/> and <see cref="ActivitySource"/> of Sts, both named <c>Sts</c>, so that OpenTelemetry
/// (<c>AddMeter("Sts")</c>, <c>AddSource("Sts")</c>) picks them up with no glue. Every instrument, tag and activity is
/// listed in <c>docs/telemetry.md</c>; names follow the OpenTelemetry conventions (durations are histograms in seconds,
/// failures carry <c>error.type</c>). Instruments are recorded at the Sts.Core boundaries only (service operations,
/// authentication, authorization call sites, key refreshes), never inside the evaluator or verifier loops. Nothing is
/// measured or allocated when nobody listens: timestamps are taken only when a duration histogram is enabled and
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null without a listener.
/// </summary>
internal static class StsTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    internal const string Name = "Sts";

    internal const string OperationTag = "sts.operation";
    internal const string ServiceTag = "sts.service";
    internal const string OutcomeTag = "sts.outcome";
    internal const string ErrorTypeTag = "error.type";
    internal const string PolicySiteTag = "sts.policy.site";
    internal const string DecisionTag = "sts.policy.decision";
    internal const string Success = "success";
    internal const string Failure = "failure";

    internal static readonly ActivitySource Source = new(Name, typeof(StsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(StsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary><c>sts.operation.count</c>: STS and IAM operations by <c>sts.service</c>, <c>sts.operation</c>, <c>sts.outcome</c>.</summary>
    internal static readonly Counter<long> Operations =
        Meter.CreateCounter<long>("sts.operation.count", "{operation}", "STS and IAM operations, by service, operation and outcome (success or the AWS error code).");

    /// <summary><c>sts.operation.duration</c>: the same operations' durations.</summary>
    internal static readonly Histogram<double> OperationDuration =
        Meter.CreateHistogram<double>("sts.operation.duration", "s", "Duration of STS and IAM operations.");

    /// <summary><c>sts.authentication.failure.count</c>: SigV4 authentication failures by <c>error.type</c> (the AWS code).</summary>
    internal static readonly Counter<long> AuthenticationFailures =
        Meter.CreateCounter<long>("sts.authentication.failure.count", "{failure}", "SigV4 authentication failures, by AWS error code.");

    /// <summary><c>sts.authentication.duration</c>: SigV4 authentications by <c>sts.outcome</c>.</summary>
    internal static readonly Histogram<double> AuthenticationDuration =
        Meter.CreateHistogram<double>("sts.authentication.duration", "s", "Duration of SigV4 authentications (credential lookup and signature check).");

    /// <summary><c>sts.policy.evaluation.count</c>: policy decisions by <c>sts.policy.site</c> and <c>sts.policy.decision</c>.</summary>
    internal static readonly Counter<long> PolicyEvaluations =
        Meter.CreateCounter<long>("sts.policy.evaluation.count", "{evaluation}", "Policy evaluations, by call site and decision.");

    /// <summary><c>sts.s3.authorization.duration</c>: whole S3 request authorizations by <c>sts.operation</c> and <c>sts.outcome</c>.</summary>
    internal static readonly Histogram<double> S3AuthorizationDuration =
        Meter.CreateHistogram<double>("sts.s3.authorization.duration", "s", "Duration of S3 request authorizations (every check of the operation).");

    /// <summary><c>sts.jwks.refresh.count</c>: OIDC discovery and JWKS fetches by <c>sts.outcome</c>.</summary>
    internal static readonly Counter<long> JwksRefreshes =
        Meter.CreateCounter<long>("sts.jwks.refresh.count", "{refresh}", "OIDC discovery and JWKS fetches, by outcome.");

    /// <summary><c>sts.jwks.refresh.duration</c>: their durations.</summary>
    internal static readonly Histogram<double> JwksRefreshDuration =
        Meter.CreateHistogram<double>("sts.jwks.refresh.duration", "s", "Duration of OIDC discovery and JWKS fetches.");

    /// <summary>Starts timing and tracing one STS or IAM operation (activity <c>STS/AssumeRole</c>, <c>IAM/CreateRole</c>...).</summary>
    /// <param name="service"><c>STS</c> or <c>IAM</c>.</param>
    /// <param name="operation">The AWS operation name (a constant: it is a metric tag).</param>
    internal static OperationScope StartOperation(string service, string operation)
    {
        var activity = Source.HasListeners() ? Source.StartActivity(service + "/" + operation, ActivityKind.Internal) : null;
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", service);
        activity?.SetTag("rpc.method", operation);
        return new OperationScope(service, operation, activity, OperationDuration.Enabled ? Stopwatch.GetTimestamp() : 0);
    }

    /// <summary>Counts one policy decision made at <paramref name="site"/> (<c>s3</c>, <c>sts.trust</c>, <c>sts.identity</c>, <c>iam</c>).</summary>
    internal static void RecordPolicyEvaluation(string site, string decision)
    {
        if (PolicyEvaluations.Enabled)
        {
            PolicyEvaluations.Add(1, new KeyValuePair<string, object?>(PolicySiteTag, site), new KeyValuePair<string, object?>(DecisionTag, decision));
        }
    }

    /// <summary>The <c>sts.policy.decision</c> tag of a three-way decision.</summary>
    internal static string DecisionName(Policy.Evaluation.PolicyDecision decision) => decision switch
    {
        Policy.Evaluation.PolicyDecision.Allow => "allow",
        Policy.Evaluation.PolicyDecision.ExplicitDeny => "explicit_deny",
        _ => "implicit_deny",
    };

    /// <summary>The <c>sts.policy.decision</c> tag of an STS decision.</summary>
    internal static string DecisionName(SecurityToken.StsDecision decision) => decision switch
    {
        SecurityToken.StsDecision.Allow => "allow",
        SecurityToken.StsDecision.ExplicitDeny => "explicit_deny",
        _ => "implicit_deny",
    };

    /// <summary>
    /// Wraps a key fetcher so that each fetch (discovery document, then JWKS) is one <c>OIDC/JwksRefresh</c> activity, one
    /// <c>sts.jwks.refresh.count</c> (outcome <c>success</c> or <c>failure</c>) and one <c>sts.jwks.refresh.duration</c>.
    /// </summary>
    internal static WebIdentity.JwksCache.Fetcher MeasuredJwksFetch(WebIdentity.JwksCache.Fetcher fetch) => async issuerUrl =>
    {
        using var activity = Source.HasListeners() ? Source.StartActivity("OIDC/JwksRefresh") : null;
        activity?.SetTag("sts.oidc.issuer", issuerUrl);
        var started = JwksRefreshDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        var outcome = Failure;
        try
        {
            var result = await fetch(issuerUrl).ConfigureAwait(false);
            outcome = result.Keys is null ? Failure : Success;
            return result;
        }
        finally
        {
            if (outcome == Failure)
            {
                SetError(activity, "IDPCommunicationError");
            }

            var tag = new KeyValuePair<string, object?>(OutcomeTag, outcome);
            JwksRefreshes.Add(1, tag);
            if (started != 0)
            {
                JwksRefreshDuration.Record(SecondsSince(started), tag);
            }
        }
    };

    /// <summary>Marks an activity failed with the AWS error code.</summary>
    internal static void SetError(Activity? activity, string code)
    {
        if (activity is not null)
        {
            activity.SetTag(ErrorTypeTag, code);
            activity.SetStatus(ActivityStatusCode.Error, code);
        }
    }

    /// <summary>Seconds elapsed since <paramref name="started"/> (0 when timing was off).</summary>
    internal static double SecondsSince(long started) => started == 0 ? 0 : Stopwatch.GetElapsedTime(started).TotalSeconds;

    /// <summary>One operation being measured; <see cref="Complete"/> records it once.</summary>
    internal readonly struct OperationScope(string service, string operation, Activity? activity, long started)
    {
        /// <summary>Records the outcome (success, or the error's AWS code) and ends the activity.</summary>
        internal void Complete(StsError? error)
        {
            var outcome = error?.Code ?? Success;
            if (error is not null)
            {
                SetError(activity, error.Code);
            }

            activity?.Dispose();
            if (!Operations.Enabled && !OperationDuration.Enabled)
            {
                return;
            }

            var tags = new TagList
            {
                { ServiceTag, service },
                { OperationTag, operation },
                { OutcomeTag, outcome },
            };
            if (error is not null)
            {
                tags.Add(ErrorTypeTag, error.Code);
            }

            Operations.Add(1, tags);
            if (started != 0)
            {
                OperationDuration.Record(SecondsSince(started), tags);
            }
        }
    }
}
