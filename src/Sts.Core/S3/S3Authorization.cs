using System.Globalization;
using Sts.Core.Telemetry;

namespace Sts.Core.S3;

/// <summary>
/// Turns an identified S3 operation and the facts around it into the IAM checks it needs: actions,
/// resource ARNs and condition keys, by table. The evaluator then decides each check with the caller's
/// policies and the bucket policy as the resource policy.
/// </summary>
public static class S3Authorization
{
    [Flags]
    private enum Keys
    {
        None = 0,
        Listing = 1,
        RequestObjectTags = 2,
        ExistingObjectTags = 4,
        AclHeaders = 8,
        ObjectHeaders = 16,
    }

    private enum On
    {
        AllBuckets,
        Bucket,
        Object,
        CopySource,
    }

    private readonly record struct Row(string Action, On On, Keys Keys);

    private static readonly Dictionary<S3OperationKind, Row[]> Table = new()
    {
        [S3OperationKind.ListBuckets] = [new("s3:ListAllMyBuckets", On.AllBuckets, Keys.None)],
        [S3OperationKind.CreateBucket] = [new("s3:CreateBucket", On.Bucket, Keys.AclHeaders)],
        [S3OperationKind.HeadBucket] = [new("s3:ListBucket", On.Bucket, Keys.None)],
        [S3OperationKind.DeleteBucket] = [new("s3:DeleteBucket", On.Bucket, Keys.None)],
        [S3OperationKind.ListObjects] = [new("s3:ListBucket", On.Bucket, Keys.Listing)],
        [S3OperationKind.ListObjectsV2] = [new("s3:ListBucket", On.Bucket, Keys.Listing)],
        [S3OperationKind.GetBucketLocation] = [new("s3:GetBucketLocation", On.Bucket, Keys.None)],
        [S3OperationKind.GetBucketPolicy] = [new("s3:GetBucketPolicy", On.Bucket, Keys.None)],
        [S3OperationKind.PutBucketPolicy] = [new("s3:PutBucketPolicy", On.Bucket, Keys.None)],
        [S3OperationKind.DeleteBucketPolicy] = [new("s3:DeleteBucketPolicy", On.Bucket, Keys.None)],
        [S3OperationKind.GetBucketTagging] = [new("s3:GetBucketTagging", On.Bucket, Keys.None)],
        [S3OperationKind.PutBucketTagging] = [new("s3:PutBucketTagging", On.Bucket, Keys.None)],
        [S3OperationKind.DeleteBucketTagging] = [new("s3:PutBucketTagging", On.Bucket, Keys.None)],
        [S3OperationKind.PutObject] = [new("s3:PutObject", On.Object, Keys.RequestObjectTags | Keys.AclHeaders | Keys.ObjectHeaders)],
        [S3OperationKind.CopyObject] =
        [
            new("s3:PutObject", On.Object, Keys.RequestObjectTags | Keys.AclHeaders | Keys.ObjectHeaders),
            new("s3:GetObject", On.CopySource, Keys.ExistingObjectTags),
        ],
        [S3OperationKind.GetObject] = [new("s3:GetObject", On.Object, Keys.ExistingObjectTags)],
        [S3OperationKind.HeadObject] = [new("s3:GetObject", On.Object, Keys.ExistingObjectTags)],
        [S3OperationKind.DeleteObject] = [new("s3:DeleteObject", On.Object, Keys.None)],
        [S3OperationKind.GetObjectTagging] = [new("s3:GetObjectTagging", On.Object, Keys.ExistingObjectTags)],
        [S3OperationKind.PutObjectTagging] = [new("s3:PutObjectTagging", On.Object, Keys.ExistingObjectTags | Keys.RequestObjectTags)],
        [S3OperationKind.DeleteObjectTagging] = [new("s3:DeleteObjectTagging", On.Object, Keys.ExistingObjectTags)],
        [S3OperationKind.CreateMultipartUpload] = [new("s3:PutObject", On.Object, Keys.RequestObjectTags | Keys.AclHeaders | Keys.ObjectHeaders)],
        [S3OperationKind.UploadPart] = [new("s3:PutObject", On.Object, Keys.None)],
        [S3OperationKind.CompleteMultipartUpload] = [new("s3:PutObject", On.Object, Keys.None)],
        [S3OperationKind.AbortMultipartUpload] = [new("s3:AbortMultipartUpload", On.Object, Keys.None)],
        [S3OperationKind.ListParts] = [new("s3:ListMultipartUploadParts", On.Object, Keys.None)],
        [S3OperationKind.ListMultipartUploads] = [new("s3:ListBucketMultipartUploads", On.Bucket, Keys.None)],
    };

    /// <summary>Headers that become <c>s3:</c> condition keys of the same name, by family.</summary>
    private static readonly (string Header, Keys Family)[] HeaderKeys =
    [
        ("x-amz-acl", Keys.AclHeaders),
        ("x-amz-grant-full-control", Keys.AclHeaders),
        ("x-amz-grant-read", Keys.AclHeaders),
        ("x-amz-grant-read-acp", Keys.AclHeaders),
        ("x-amz-grant-write", Keys.AclHeaders),
        ("x-amz-grant-write-acp", Keys.AclHeaders),
        ("x-amz-copy-source", Keys.ObjectHeaders),
        ("x-amz-metadata-directive", Keys.ObjectHeaders),
        ("x-amz-server-side-encryption", Keys.ObjectHeaders),
        ("x-amz-storage-class", Keys.ObjectHeaders),
    ];

    /// <summary>The IAM checks of an S3 request, in the order they should be evaluated.</summary>
    /// <param name="operation">The operation, from <see cref="S3RequestParser.Parse"/>.</param>
    /// <param name="facts">The connection, signing and tag facts.</param>
    /// <returns>One check per action the request needs (two for CopyObject, two for PutObject or CreateMultipartUpload
    /// with tags).</returns>
    public static IReadOnlyList<S3AuthorizationCheck> Checks(S3Operation operation, S3RequestFacts facts)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(facts);
        var rows = Table[operation.Kind];
        var checks = new List<S3AuthorizationCheck>(rows.Length + 1);
        foreach (var row in rows)
        {
            checks.Add(Check(operation, facts, row));
        }

        if (operation.Kind is S3OperationKind.PutObject or S3OperationKind.CopyObject or S3OperationKind.CreateMultipartUpload && facts.RequestObjectTags is not null)
        {
            checks.Add(Check(operation, facts, new Row("s3:PutObjectTagging", On.Object, Keys.RequestObjectTags)));
        }

        return checks;
    }

    /// <summary>
    /// Authorizes a request in one call: every check of <see cref="Checks"/> must be allowed by
    /// <paramref name="isAllowed"/> (the policy evaluator, with the bucket policy of <see cref="S3AuthorizationCheck.Bucket"/>
    /// as the resource policy).
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="facts">The facts.</param>
    /// <param name="isAllowed">Decides one check.</param>
    /// <returns>Null when allowed, else <c>AccessDenied</c> (403).</returns>
    public static StsError? Authorize(S3Operation operation, S3RequestFacts facts, Func<S3AuthorizationCheck, bool> isAllowed)
    {
        ArgumentNullException.ThrowIfNull(isAllowed);
        var scope = S3AuthorizationTelemetry.Start(operation);
        foreach (var check in Checks(operation, facts))
        {
            if (!S3AuthorizationTelemetry.Record(isAllowed(check)))
            {
                return scope.Complete(AccessDenied());
            }
        }

        return scope.Complete(null);
    }

    /// <summary>
    /// The answer to a read of a key that does not exist, as S3 gives it: <c>NoSuchKey</c> (404) to a caller
    /// allowed <c>s3:ListBucket</c> on the bucket, <c>AccessDenied</c> (403) to anyone else, so that existence
    /// does not leak.
    /// </summary>
    /// <param name="operation">The object operation that found no object.</param>
    /// <param name="facts">The request facts (the listing check is made in the same context).</param>
    /// <param name="isAllowed">Decides one check.</param>
    /// <returns>The error to answer with.</returns>
    public static StsError MissingKey(S3Operation operation, S3RequestFacts facts, Func<S3AuthorizationCheck, bool> isAllowed)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(isAllowed);
        var listing = Check(new S3Operation(S3OperationKind.HeadBucket, operation.Bucket, null), facts, new Row("s3:ListBucket", On.Bucket, Keys.None));
        return isAllowed(listing) ? new StsError("NoSuchKey", "The specified key does not exist.", 404) : AccessDenied();
    }

    private static StsError AccessDenied() => new("AccessDenied", "Access Denied", 403);

    private static S3AuthorizationCheck Check(S3Operation operation, S3RequestFacts facts, Row row)
    {
        var context = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        void Add(string key, string value)
        {
            if (!context.TryGetValue(key, out var values))
            {
                context[key] = values = [];
            }

            values.Add(value);
        }

        Add("aws:CurrentTime", facts.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add("aws:EpochTime", facts.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (facts.TokenIssueTime is { } issued)
        {
            Add("aws:TokenIssueTime", issued.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        Add("aws:SecureTransport", facts.IsSecureTransport ? "true" : "false");
        Add("aws:RequestedRegion", facts.Region);
        if (facts.SourceIp is not null)
        {
            Add("aws:SourceIp", facts.SourceIp.ToString());
        }

        if (Header(facts, "User-Agent") is { } userAgent)
        {
            Add("aws:UserAgent", userAgent);
        }

        if (Header(facts, "Referer") is { } referer)
        {
            Add("aws:Referer", referer);
        }

        if (facts.AuthType != S3AuthType.Anonymous)
        {
            Add("s3:authType", facts.AuthType switch
            {
                S3AuthType.Header => "REST-HEADER",
                S3AuthType.QueryString => "REST-QUERY-STRING",
                _ => "POST",
            });
            if (facts.SignatureVersion is not null)
            {
                Add("s3:signatureversion", facts.SignatureVersion);
            }
        }

        if (Header(facts, "x-amz-content-sha256") is { } contentSha)
        {
            Add("s3:x-amz-content-sha256", contentSha);
        }

        var bucket = row.On == On.CopySource ? operation.CopySourceBucket : operation.Bucket;
        var bucketTags = row.On == On.CopySource ? facts.CopySourceBucketTags : facts.BucketTags;
        if (row.On != On.AllBuckets)
        {
            foreach (var (key, value) in bucketTags)
            {
                Add("s3:ResourceTag/" + key, value);
            }
        }

        if (row.Keys.HasFlag(Keys.Listing))
        {
            foreach (var name in (ReadOnlySpan<string>)["prefix", "delimiter", "max-keys"])
            {
                if (Query(facts, name) is { } value)
                {
                    Add("s3:" + name, value);
                }
            }
        }

        if (row.Keys.HasFlag(Keys.ExistingObjectTags))
        {
            foreach (var (key, value) in row.On == On.CopySource ? facts.CopySourceObjectTags : facts.ExistingObjectTags)
            {
                Add("s3:ExistingObjectTag/" + key, value);
            }
        }

        if (row.Keys.HasFlag(Keys.RequestObjectTags) && facts.RequestObjectTags is { } requestTags)
        {
            foreach (var (key, value) in requestTags)
            {
                Add("s3:RequestObjectTag/" + key, value);
                if (!context.TryGetValue("s3:RequestObjectTagKeys", out var keys) || !keys.Contains(key, StringComparer.Ordinal))
                {
                    Add("s3:RequestObjectTagKeys", key);
                }
            }
        }

        foreach (var (header, family) in HeaderKeys)
        {
            if (row.Keys.HasFlag(family) && Header(facts, header) is { } value)
            {
                Add("s3:" + header, value);
            }
        }

        var resource = row.On switch
        {
            On.AllBuckets => "arn:aws:s3:::*",
            On.Bucket => "arn:aws:s3:::" + bucket,
            On.Object => $"arn:aws:s3:::{bucket}/{operation.Key}",
            _ => $"arn:aws:s3:::{bucket}/{operation.CopySourceKey}",
        };
        var frozen = context.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        return new S3AuthorizationCheck(row.Action, resource, bucket, frozen);
    }

    private static string? Header(S3RequestFacts facts, string name)
    {
        foreach (var (key, value) in facts.Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static string? Query(S3RequestFacts facts, string name)
    {
        foreach (var (key, value) in facts.Query)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
