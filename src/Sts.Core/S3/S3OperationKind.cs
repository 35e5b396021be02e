namespace Sts.Core.S3;

/// <summary>The S3 operations Sts authorizes, named as in the S3 API reference.</summary>
public enum S3OperationKind
{
    /// <summary><c>GET /</c>.</summary>
    ListBuckets,

    /// <summary><c>PUT /bucket</c>.</summary>
    CreateBucket,

    /// <summary><c>HEAD /bucket</c>.</summary>
    HeadBucket,

    /// <summary><c>DELETE /bucket</c>.</summary>
    DeleteBucket,

    /// <summary><c>GET /bucket</c>.</summary>
    ListObjects,

    /// <summary><c>GET /bucket?list-type=2</c>.</summary>
    ListObjectsV2,

    /// <summary><c>GET /bucket?location</c>.</summary>
    GetBucketLocation,

    /// <summary><c>GET /bucket?policy</c>.</summary>
    GetBucketPolicy,

    /// <summary><c>PUT /bucket?policy</c>.</summary>
    PutBucketPolicy,

    /// <summary><c>DELETE /bucket?policy</c>.</summary>
    DeleteBucketPolicy,

    /// <summary><c>GET /bucket?tagging</c>.</summary>
    GetBucketTagging,

    /// <summary><c>PUT /bucket?tagging</c>.</summary>
    PutBucketTagging,

    /// <summary><c>DELETE /bucket?tagging</c>.</summary>
    DeleteBucketTagging,

    /// <summary><c>PUT /bucket/key</c>.</summary>
    PutObject,

    /// <summary><c>PUT /bucket/key</c> with <c>x-amz-copy-source</c>.</summary>
    CopyObject,

    /// <summary><c>GET /bucket/key</c>.</summary>
    GetObject,

    /// <summary><c>HEAD /bucket/key</c>.</summary>
    HeadObject,

    /// <summary><c>DELETE /bucket/key</c>.</summary>
    DeleteObject,

    /// <summary><c>GET /bucket/key?tagging</c>.</summary>
    GetObjectTagging,

    /// <summary><c>PUT /bucket/key?tagging</c>.</summary>
    PutObjectTagging,

    /// <summary><c>DELETE /bucket/key?tagging</c>.</summary>
    DeleteObjectTagging,

    /// <summary><c>POST /bucket/key?uploads</c>.</summary>
    CreateMultipartUpload,

    /// <summary><c>PUT /bucket/key?partNumber=N&amp;uploadId=U</c>.</summary>
    UploadPart,

    /// <summary><c>POST /bucket/key?uploadId=U</c>.</summary>
    CompleteMultipartUpload,

    /// <summary><c>DELETE /bucket/key?uploadId=U</c>.</summary>
    AbortMultipartUpload,

    /// <summary><c>GET /bucket/key?uploadId=U</c>.</summary>
    ListParts,

    /// <summary><c>GET /bucket?uploads</c>: the bucket's unfinished multipart uploads.</summary>
    ListMultipartUploads,
}
