using Sts.Core.S3;
using Sts.Policy.Evaluation;

namespace Sts.Core.Hosting;

/// <summary>
/// What <see cref="S3RequestAuthorizer"/> decided about one S3 request: allowed or not, why (in one line, never
/// quoting a secret or a signature), who signed it and which check decided.
/// </summary>
public sealed class S3AuthorizationResult
{
    private S3AuthorizationResult(PolicyDecision decision, string reason, StsError? error, AuthenticatedCaller? caller, S3Operation? operation, S3AuthorizationCheck? check, EvaluationResult? evaluation, Stream? body)
    {
        Decision = decision;
        Reason = reason;
        Error = error;
        Caller = caller;
        Operation = operation;
        Check = check;
        Evaluation = evaluation;
        Body = body;
    }

    /// <summary>True when every check of the operation was allowed.</summary>
    public bool IsAllowed => Error is null;

    /// <summary>
    /// <see cref="PolicyDecision.Allow"/>, or the decision of the first check that was not allowed
    /// (<see cref="PolicyDecision.ImplicitDeny"/> too when the request did not authenticate).
    /// </summary>
    public PolicyDecision Decision { get; }

    /// <summary>Why, in one line: the statement that allowed or denied, or what failed.</summary>
    public string Reason { get; }

    /// <summary>The error to answer with (<c>AccessDenied</c>, a SigV4 error such as <c>SignatureDoesNotMatch</c> or
    /// <c>ExpiredToken</c>, or an S3 request error); null when allowed.</summary>
    public StsError? Error { get; }

    /// <summary>The caller whose signature verified; null when the request did not authenticate.</summary>
    public AuthenticatedCaller? Caller { get; }

    /// <summary>The S3 operation the request is; null when it could not be parsed.</summary>
    public S3Operation? Operation { get; }

    /// <summary>The check that decided: the first one not allowed, or the last one when all were; null before evaluation.</summary>
    public S3AuthorizationCheck? Check { get; }

    /// <summary>The policy evaluator's explanation of <see cref="Check"/>; null before evaluation.</summary>
    public EvaluationResult? Evaluation { get; }

    /// <summary>The request body as verified by the SigV4 verifier (read it instead of the raw body); null when none.</summary>
    public Stream? Body { get; }

    internal static S3AuthorizationResult Failed(StsError error, string reason, AuthenticatedCaller? caller = null, S3Operation? operation = null) =>
        new(PolicyDecision.ImplicitDeny, reason, error, caller, operation, null, null, null);

    internal static S3AuthorizationResult Decided(EvaluationResult evaluation, string reason, StsError? error, AuthenticatedCaller caller, S3Operation operation, S3AuthorizationCheck check, Stream? body) =>
        new(evaluation.Decision, reason, error, caller, operation, check, evaluation, body);
}
