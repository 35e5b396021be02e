using System.Net;

namespace Sts.Core.S3;

/// <summary>
/// What the host knows about an S3 request beyond its method and path, and what it has read from storage:
/// the connection, the time, how the request was signed, and the tags of the resources involved. Tag lists
/// may hold one key twice (Ceph's bucket and session tags do); every value then enters the context.
/// </summary>
public sealed class S3RequestFacts
{
    /// <summary>The request time, from the host's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>True when the request arrived over TLS.</summary>
    public required bool IsSecureTransport { get; init; }

    /// <summary>When the caller's temporary credentials were issued (<c>aws:TokenIssueTime</c>); null for long-term
    /// credentials and anonymous requests.</summary>
    public DateTimeOffset? TokenIssueTime { get; init; }

    /// <summary>The TCP peer (or the client an explicitly trusted proxy names), or null when unknown.</summary>
    public IPAddress? SourceIp { get; init; }

    /// <summary>The region of the credential scope (may be empty, as boto3 with <c>region_name=''</c> signs), or
    /// the gateway's region for anonymous requests.</summary>
    public string Region { get; init; } = string.Empty;

    /// <summary>How the request was authenticated.</summary>
    public S3AuthType AuthType { get; init; } = S3AuthType.Anonymous;

    /// <summary>The signing algorithm for <c>s3:signatureversion</c> (<c>AWS4-HMAC-SHA256</c>), or null when anonymous.</summary>
    public string? SignatureVersion { get; init; }

    /// <summary>The decoded query parameters.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>The request headers (names in any case).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Tags the request sets on the object: the <c>x-amz-tagging</c> header of PutObject/CopyObject, or
    /// the body of PutObjectTagging. Null when the request sets none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? RequestObjectTags { get; init; }

    /// <summary>Tags of the request's bucket (<c>s3:ResourceTag/k</c>, as Ceph supplies them).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BucketTags { get; init; } = [];

    /// <summary>Tags of the existing object (<c>s3:ExistingObjectTag/k</c>); empty when it does not exist.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExistingObjectTags { get; init; } = [];

    /// <summary>Tags of the CopyObject source bucket.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CopySourceBucketTags { get; init; } = [];

    /// <summary>Tags of the CopyObject source object.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CopySourceObjectTags { get; init; } = [];
}
