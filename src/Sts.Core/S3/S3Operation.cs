namespace Sts.Core.S3;

/// <summary>An S3 request identified: the operation, its bucket and key, and for <c>CopyObject</c> the source.</summary>
public sealed class S3Operation
{
    internal S3Operation(S3OperationKind kind, string? bucket, string? key, string? copySourceBucket = null, string? copySourceKey = null)
    {
        Kind = kind;
        Bucket = bucket;
        Key = key;
        CopySourceBucket = copySourceBucket;
        CopySourceKey = copySourceKey;
    }

    /// <summary>The operation.</summary>
    public S3OperationKind Kind { get; }

    /// <summary>The bucket, or null for <c>ListBuckets</c>.</summary>
    public string? Bucket { get; }

    /// <summary>The object key (decoded), or null for bucket operations.</summary>
    public string? Key { get; }

    /// <summary>The source bucket of <c>CopyObject</c>.</summary>
    public string? CopySourceBucket { get; }

    /// <summary>The source key of <c>CopyObject</c> (decoded).</summary>
    public string? CopySourceKey { get; }

    /// <summary>True for operations on an object (a key is present).</summary>
    public bool IsObjectOperation => Key is not null;

    /// <inheritdoc />
    public override string ToString() => Key is null ? $"{Kind} {Bucket}" : $"{Kind} {Bucket}/{Key}";
}
