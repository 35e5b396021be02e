namespace Sts.Core.S3;

/// <summary>
/// One IAM check an S3 request needs: the action, the resource ARN, the bucket whose policy is the resource
/// policy, and the condition keys of the request context. A request is allowed when all its checks are.
/// </summary>
public sealed class S3AuthorizationCheck
{
    internal S3AuthorizationCheck(string action, string resource, string? bucket, IReadOnlyDictionary<string, IReadOnlyList<string>> context)
    {
        Action = action;
        Resource = resource;
        Bucket = bucket;
        Context = context;
    }

    /// <summary>The IAM action (<c>s3:GetObject</c>).</summary>
    public string Action { get; }

    /// <summary>The resource ARN (<c>arn:aws:s3:::bucket/key</c>, <c>arn:aws:s3:::bucket</c>; <c>arn:aws:s3:::*</c>
    /// for ListBuckets, which has no resource).</summary>
    public string Resource { get; }

    /// <summary>The bucket whose bucket policy applies, or null (ListBuckets).</summary>
    public string? Bucket { get; }

    /// <summary>The condition keys (case-insensitive names) and their values; multivalued keys hold several.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Action} on {Resource}";
}
