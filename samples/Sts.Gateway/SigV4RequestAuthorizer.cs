using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sts.Core;
using Sts.Core.Hosting;
using Sts.Core.SecurityToken;
using Sts.Core.S3;
using Sts.Policy;
using Sts.Policy.Evaluation;
using Sts.SigV4;

namespace Sts.Gateway;

/// <summary>
/// The gateway's authorizer: requests are authenticated by <see cref="SigV4Verifier"/> (header, presigned and
/// aws-chunked forms; the verified body streams through it), and each S3 check is decided by
/// <see cref="PolicyEvaluator"/> with the bucket policy as the resource policy. Requests without credentials are
/// anonymous and get only what bucket policies grant to everyone. The principal's tags (session tags, then its role's
/// or user's tags) are <c>aws:PrincipalTag/KEY</c>. The Ceph profile adds Ceph's keys: <c>sts:authentication</c> (true
/// for temporary credentials) and <c>aws:TagKeys</c> (the principal tag keys, as Ceph's role applier sets them).
/// </summary>
internal sealed class SigV4RequestAuthorizer(
    SigV4Verifier verifier, CompiledPolicyCache policies, ICallerPolicySource callerPolicies, IamStsDirectory directory, GatewayOptions options,
    ILogger<SigV4RequestAuthorizer> logger) : IRequestAuthorizer
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

    public async ValueTask<GatewayAuthentication> AuthenticateAsync(HttpContext context, bool isQueryProtocol, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var signed = request.Headers.ContainsKey("Authorization")
            || request.Query.ContainsKey("X-Amz-Algorithm") || request.Query.ContainsKey("X-Amz-Credential") || request.Query.ContainsKey("X-Amz-Signature");
        if (!signed && request.Query.ContainsKey("AWSAccessKeyId") && request.Query.ContainsKey("Signature"))
        {
            return GatewayAuthentication.Failure(new StsError("InvalidRequest", "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.", 400));
        }

        if (!signed)
        {
            return GatewayAuthentication.Success(null, request.Body, string.Empty, S3AuthType.Anonymous, null);
        }

        var (path, query) = GatewayHttp.RawTarget(context);
        var result = await verifier.AuthenticateAsync(new SigV4Request
        {
            Method = request.Method,
            RawPath = path,
            RawQuery = query,
            Headers = GatewayHttp.Headers(context),
            Body = request.Body,
        }, logger, cancellationToken);
        if (!result.IsSuccess)
        {
            return GatewayAuthentication.Failure(new StsError(result.Error.AwsCode, result.Error.Message, result.Error.HttpStatus));
        }

        var authType = result.AuthType switch
        {
            SigV4AuthType.Query => S3AuthType.QueryString,
            SigV4AuthType.PostPolicy => S3AuthType.Post,
            _ => S3AuthType.Header,
        };
        var algorithm = result.Algorithm == SigV4Algorithm.EcdsaP256Sha256 ? "AWS4-ECDSA-P256-SHA256" : "AWS4-HMAC-SHA256";
        var principal = result.Identity switch
        {
            GatewayPrincipal configured => configured,
            AuthenticatedCaller caller => new GatewayPrincipal(
                caller.Caller.Account,
                caller.Caller.Arn,
                IsAccountRoot: caller.Caller.Kind == StsCallerKind.AccountRoot,
                caller,
                // STS and IAM decide with the caller's policies themselves; only S3 checks need them here.
                isQueryProtocol ? null : await callerPolicies.GetPoliciesAsync(caller.Caller, cancellationToken),
                // A role session's tags were merged when its credentials resolved (one role lookup); a user's are read here.
                caller.Caller.IsRoleSession ? caller.Caller.PrincipalTags : await directory.GetPrincipalTagsAsync(caller.Caller, cancellationToken),
                caller.Caller.IsTemporary),
            _ => throw new InvalidOperationException("The credential resolver returned an unknown identity."),
        };
        return GatewayAuthentication.Success(principal, result.Body, result.Region, authType, algorithm);
    }

    public bool IsAllowed(GatewayPrincipal? principal, S3AuthorizationCheck check, string? bucketPolicy, string? bucketOwnerAccount)
    {
        RequestPrincipal requestPrincipal;
        if (principal is null)
        {
            requestPrincipal = RequestPrincipal.Anonymous;
        }
        else if (!RequestPrincipal.TryFromArn(principal.Arn, out var parsed, out _))
        {
            return false;
        }
        else
        {
            // Principal tags (session tags over role tags, or a user's tags, every value) are added below as aws:PrincipalTag keys.
            requestPrincipal = parsed;
        }

        var builder = new RequestContextBuilder().WithPrincipal(requestPrincipal).WithAction(check.Action).WithResource(check.Resource);
        foreach (var (key, values) in check.Context)
        {
            var type = KeyTypes.GetValueOrDefault(key, ContextValueType.String);
            if (!builder.TryAdd(key, type, values, out _))
            {
                builder.AddString(key, [.. values]);
            }
        }

        if (principal?.Tags is { Count: > 0 } tags)
        {
            var keys = new List<string>(tags.Count);
            foreach (var group in tags.GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase))
            {
                keys.Add(group.Key);
                builder.AddString("aws:PrincipalTag/" + group.Key, [.. group.SelectMany(t => t.Values)]);
            }

            if (options.IsCephCompatible && !check.Context.ContainsKey("aws:TagKeys"))
            {
                builder.AddString("aws:TagKeys", [.. keys]);
            }
        }

        if (options.IsCephCompatible && principal is not null)
        {
            builder.TryAdd("sts:authentication", ContextValueType.Boolean, [principal.IsTemporary ? "true" : "false"], out _);
        }

        builder.AddPrincipalKeys();
        CompiledPolicy? resourcePolicy = null;
        if (bucketPolicy is not null && !policies.TryGet(bucketPolicy, (options.IsCephCompatible ? "ceph-bucket-policy:" : "bucket-policy:") + check.Bucket, PolicySource.Resource, Parse, out resourcePolicy, out _))
        {
            return false;
        }

        if (principal is { Identity: AuthenticatedCaller, Policies: null })
        {
            // Its policies could not be read (a session with managed session policies, a policy that no longer
            // parses as a boundary): fail closed.
            return false;
        }

        var input = new PolicyEvaluationInput
        {
            IdentityPolicies = principal?.Policies?.IdentityPolicies ?? PolicySet.Empty,
            PermissionsBoundary = principal?.Policies?.PermissionsBoundary,
            SessionPolicies = principal?.Policies?.SessionPolicies,
            ResourcePolicy = resourcePolicy,
            ResourceAccountId = bucketOwnerAccount ?? principal?.AccountId,
        };
        return PolicyEvaluator.Evaluate(input, builder.Build()) == PolicyDecision.Allow;
    }

    private (PolicyDocument? Document, string? Error) Parse(string text)
    {
        var parsed = PolicyParser.Parse(text, PolicyKind.Resource);
        var document = parsed.Document is { } valid && options.IsCephCompatible ? CephSessionPrincipals.Normalize(valid) : parsed.Document;
        return (document, parsed.FirstError?.Message);
    }
}
