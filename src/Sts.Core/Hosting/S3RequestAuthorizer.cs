using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sts.Core.S3;
using Sts.Core.SecurityToken;
using Sts.Policy;
using Sts.Policy.Evaluation;
using Sts.SigV4;

namespace Sts.Core.Hosting;

/// <summary>
/// Authorizes an S3 request in one call: parses it into an S3 operation, verifies its SigV4 signature (long-term keys
/// and Sts temporary credentials, through the verifier's credential resolver), reads the caller's identity, boundary
/// and session policies, and evaluates every check the operation needs with the bucket policy as the resource policy.
/// The caller's principal tags (<see cref="StsCaller.PrincipalTags"/>) are <c>aws:PrincipalTag/KEY</c>, every value.
/// The answer says why (<see cref="S3AuthorizationResult.Reason"/>). Never throws for bad input; fails closed.
/// Thread-safe.
/// </summary>
public sealed class S3RequestAuthorizer
{
    /// <summary>The types of the condition keys S3 requests carry; any other key is a string.</summary>
    private static readonly Dictionary<string, ContextValueType> KeyTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws:CurrentTime"] = ContextValueType.Date,
        ["aws:TokenIssueTime"] = ContextValueType.Date,
        ["aws:EpochTime"] = ContextValueType.Numeric,
        ["aws:SecureTransport"] = ContextValueType.Boolean,
        ["aws:SourceIp"] = ContextValueType.IpAddress,
        ["s3:max-keys"] = ContextValueType.Numeric,
    };

    private readonly SigV4Verifier _verifier;
    private readonly ICallerPolicySource _callerPolicies;
    private readonly CompiledPolicyCache _cache;
    private readonly TimeProvider _time;

    /// <summary>Creates the authorizer.</summary>
    /// <param name="verifier">Verifies signatures; its credential resolver must hand back <see cref="AuthenticatedCaller"/> identities (as <see cref="StsCredentialResolver"/> does).</param>
    /// <param name="callerPolicies">Reads the policies of a caller.</param>
    /// <param name="time">The clock for <c>aws:CurrentTime</c>.</param>
    /// <param name="cache">Compiled bucket policies; a private cache when null.</param>
    public S3RequestAuthorizer(SigV4Verifier verifier, ICallerPolicySource callerPolicies, TimeProvider time, CompiledPolicyCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(callerPolicies);
        ArgumentNullException.ThrowIfNull(time);
        _verifier = verifier;
        _callerPolicies = callerPolicies;
        _time = time;
        _cache = cache ?? new CompiledPolicyCache();
    }

    /// <summary>Authenticates and authorizes one S3 request (path-style).</summary>
    /// <param name="request">The request as received: method, raw path and query, headers and body.</param>
    /// <param name="bucketPolicy">The addressed bucket's policy and owner; null when the bucket has no policy (or the operation names none).</param>
    /// <param name="isSecureTransport">Whether the request came over TLS (<c>aws:SecureTransport</c>).</param>
    /// <param name="cancellationToken">Cancels credential and policy lookups.</param>
    /// <returns>
    /// The decision. Errors: the S3 parser's (<c>InvalidRequest</c>, <c>InvalidBucketName</c>, ...); the verifier's
    /// (<c>SignatureDoesNotMatch</c>, <c>InvalidAccessKeyId</c>, <c>InvalidToken</c>, <c>ExpiredToken</c>, ...);
    /// <c>AccessDenied</c> for unsigned requests (only bucket policies can grant anonymous access, which this
    /// authorizer does not model) and for every check the policies do not allow.
    /// </returns>
    public async ValueTask<S3AuthorizationResult> AuthorizeAsync(
        SigV4Request request, S3BucketPolicy? bucketPolicy = null, bool isSecureTransport = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = DecodeQuery(request.RawQuery);
        var parsed = S3RequestParser.Parse(request.Method, request.RawPath, query, request.Headers);
        if (!parsed.IsSuccess)
        {
            return S3AuthorizationResult.Failed(parsed.Error!, "the request is not an S3 request: " + parsed.Error!.Message);
        }

        var operation = parsed.Value;
        var verified = await _verifier.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
        if (!verified.IsSuccess)
        {
            var error = new StsError(verified.Error!.AwsCode, verified.Error.Message, verified.Error.HttpStatus);
            return S3AuthorizationResult.Failed(error, $"the request did not authenticate: {error.Code}: {error.Message}", operation: operation);
        }

        if (verified.Identity is not AuthenticatedCaller caller)
        {
            return S3AuthorizationResult.Failed(AccessDenied(), "the credential resolver returned an identity this authorizer does not know", operation: operation);
        }

        var policies = await _callerPolicies.GetPoliciesAsync(caller.Caller, cancellationToken).ConfigureAwait(false);
        if (policies is null)
        {
            return S3AuthorizationResult.Failed(AccessDenied(), $"the policies of {caller.Caller.Arn} could not be read", caller, operation);
        }

        var facts = new S3RequestFacts
        {
            Time = _time.GetUtcNow(),
            TokenIssueTime = caller.Caller.Session?.IssuedAt,
            IsSecureTransport = isSecureTransport,
            Region = verified.Region ?? string.Empty,
            AuthType = verified.AuthType switch
            {
                SigV4AuthType.Query => S3AuthType.QueryString,
                SigV4AuthType.PostPolicy => S3AuthType.Post,
                _ => S3AuthType.Header,
            },
            SignatureVersion = verified.Algorithm == SigV4Algorithm.EcdsaP256Sha256 ? "AWS4-ECDSA-P256-SHA256" : "AWS4-HMAC-SHA256",
            Query = query,
            Headers = request.Headers,
        };

        RequestPrincipal.TryFromArn(caller.Caller.Arn, out var principal, out _);
        S3AuthorizationResult? last = null;
        foreach (var check in S3Authorization.Checks(operation, facts))
        {
            if (principal is null)
            {
                return S3AuthorizationResult.Failed(AccessDenied(), $"the caller's ARN {caller.Caller.Arn} is not a principal ARN", caller, operation);
            }

            if (!TryResourcePolicy(check, bucketPolicy, out var resourcePolicy, out var resourceError))
            {
                return S3AuthorizationResult.Failed(AccessDenied(), resourceError, caller, operation);
            }

            var input = new PolicyEvaluationInput
            {
                IdentityPolicies = policies.IdentityPolicies,
                PermissionsBoundary = policies.PermissionsBoundary,
                SessionPolicies = policies.SessionPolicies,
                ResourcePolicy = resourcePolicy,
                ResourceAccountId = check.Bucket is not null && check.Bucket == bucketPolicy?.Bucket ? bucketPolicy.OwnerAccount : caller.Caller.Account,
            };
            var evaluation = PolicyEvaluator.Explain(input, Context(principal, caller.Caller, check));
            if (evaluation.Decision != PolicyDecision.Allow)
            {
                return S3AuthorizationResult.Decided(evaluation, Explain(evaluation, check, caller), AccessDenied(), caller, operation, check, verified.Body);
            }

            last = S3AuthorizationResult.Decided(evaluation, Explain(evaluation, check, caller), null, caller, operation, check, verified.Body);
        }

        return last ?? S3AuthorizationResult.Failed(AccessDenied(), $"{operation} needs no check this authorizer knows", caller, operation);
    }

    private static RequestContext Context(RequestPrincipal principal, StsCaller caller, S3AuthorizationCheck check)
    {
        var builder = new RequestContextBuilder().WithPrincipal(principal).WithAction(check.Action).WithResource(check.Resource);
        foreach (var (key, values) in check.Context)
        {
            var type = KeyTypes.GetValueOrDefault(key, ContextValueType.String);
            if (!builder.TryAdd(key, type, values, out _))
            {
                builder.AddString(key, [.. values]);
            }
        }

        // The caller's principal tags, every value: a role session's session tags over its role's tags (merged when its
        // credentials resolved), or an IAM user's tags (read with the user when its key resolved).
        foreach (var tag in caller.PrincipalTags)
        {
            builder.AddString("aws:PrincipalTag/" + tag.Key, [.. tag.Values]);
        }

        return builder.AddPrincipalKeys().Build();
    }

    private bool TryResourcePolicy(S3AuthorizationCheck check, S3BucketPolicy? bucketPolicy, out CompiledPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        policy = null;
        error = null;
        if (bucketPolicy?.Policy is not { } text || check.Bucket != bucketPolicy.Bucket)
        {
            return true;
        }

        if (_cache.TryGet(text, "bucket-policy:" + bucketPolicy.Bucket, PolicySource.Resource, ParseResourcePolicy, out var compiled, out var reason))
        {
            policy = compiled;
            return true;
        }

        error = $"the policy of bucket {bucketPolicy.Bucket} does not parse: {reason}";
        return false;
    }

    private static (PolicyDocument? Document, string? Error) ParseResourcePolicy(string text)
    {
        var parsed = PolicyParser.Parse(text, PolicyKind.Resource);
        return (parsed.Document, parsed.FirstError?.Message);
    }

    private static string Explain(EvaluationResult evaluation, S3AuthorizationCheck check, AuthenticatedCaller caller)
    {
        var subject = $"{check.Action} on {check.Resource} for {caller.Caller.Arn}";
        return evaluation.Decision switch
        {
            PolicyDecision.Allow => $"allowed: {subject} by {Describe(evaluation.MatchedStatements)}",
            PolicyDecision.ExplicitDeny => $"explicitly denied: {subject} by {Describe(evaluation.MatchedStatements)}",
            _ when !evaluation.AllowStatements.IsEmpty =>
                $"implicitly denied: {subject} is allowed by {Describe(evaluation.AllowStatements)} but not by every policy that must allow it (permissions boundary, session policy or, across accounts, the bucket policy)",
            _ => $"implicitly denied: no policy allows {subject}",
        };
    }

    private static string Describe(IReadOnlyList<MatchedStatement> statements) =>
        string.Join(", ", statements.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"statement {s.StatementIndex}{(s.Sid is null ? string.Empty : $" ({s.Sid})")} of {s.Source.ToString().ToLowerInvariant()} policy {s.PolicyId}")));

    private static StsError AccessDenied() => new("AccessDenied", "Access Denied", 403);

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static List<KeyValuePair<string, string>> DecodeQuery(string rawQuery)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            result.Add(new(Unescape(name), Unescape(value)));
        }

        return result;
    }
}
