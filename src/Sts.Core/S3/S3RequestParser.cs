using System.Buffers;
using System.Text;

namespace Sts.Core.S3;

/// <summary>
/// Identifies the S3 operation of a path-style request from its method, path, query and headers, by table:
/// the first query parameter that names a sub-resource (<c>policy</c>, <c>tagging</c>, <c>location</c>...)
/// selects the row. Requests for sub-resources Sts does not serve are refused with <c>NotImplemented</c>.
/// </summary>
public static class S3RequestParser
{
    private static readonly SearchValues<char> BucketCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    /// <summary>Sub-resources S3 defines; any of them not in <see cref="Rows"/> gets <c>NotImplemented</c>.</summary>
    private static readonly HashSet<string> KnownSubresources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "attributes", "cors", "delete", "encryption", "intelligent-tiering",
        "inventory", "legal-hold", "lifecycle", "location", "logging", "metrics", "notification", "object-lock",
        "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication", "requestPayment",
        "restore", "retention", "select", "tagging", "torrent", "uploadId", "uploads", "versioning", "versions",
        "website", "versionId", "partNumber", "session",
    };

    private enum Target
    {
        Service,
        Bucket,
        Object,
    }

    private static readonly Dictionary<(string Method, Target Target, string Subresource), S3OperationKind> Rows = new()
    {
        [("GET", Target.Service, "")] = S3OperationKind.ListBuckets,
        [("PUT", Target.Bucket, "")] = S3OperationKind.CreateBucket,
        [("HEAD", Target.Bucket, "")] = S3OperationKind.HeadBucket,
        [("DELETE", Target.Bucket, "")] = S3OperationKind.DeleteBucket,
        [("GET", Target.Bucket, "")] = S3OperationKind.ListObjects,
        [("GET", Target.Bucket, "location")] = S3OperationKind.GetBucketLocation,
        [("GET", Target.Bucket, "policy")] = S3OperationKind.GetBucketPolicy,
        [("PUT", Target.Bucket, "policy")] = S3OperationKind.PutBucketPolicy,
        [("DELETE", Target.Bucket, "policy")] = S3OperationKind.DeleteBucketPolicy,
        [("GET", Target.Bucket, "tagging")] = S3OperationKind.GetBucketTagging,
        [("PUT", Target.Bucket, "tagging")] = S3OperationKind.PutBucketTagging,
        [("DELETE", Target.Bucket, "tagging")] = S3OperationKind.DeleteBucketTagging,
        [("PUT", Target.Object, "")] = S3OperationKind.PutObject,
        [("GET", Target.Object, "")] = S3OperationKind.GetObject,
        [("HEAD", Target.Object, "")] = S3OperationKind.HeadObject,
        [("DELETE", Target.Object, "")] = S3OperationKind.DeleteObject,
        [("GET", Target.Object, "tagging")] = S3OperationKind.GetObjectTagging,
        [("PUT", Target.Object, "tagging")] = S3OperationKind.PutObjectTagging,
        [("DELETE", Target.Object, "tagging")] = S3OperationKind.DeleteObjectTagging,
        [("POST", Target.Object, "uploads")] = S3OperationKind.CreateMultipartUpload,
        [("PUT", Target.Object, "uploadId")] = S3OperationKind.UploadPart,
        [("POST", Target.Object, "uploadId")] = S3OperationKind.CompleteMultipartUpload,
        [("DELETE", Target.Object, "uploadId")] = S3OperationKind.AbortMultipartUpload,
        [("GET", Target.Object, "uploadId")] = S3OperationKind.ListParts,
        [("GET", Target.Bucket, "uploads")] = S3OperationKind.ListMultipartUploads,
    };

    /// <summary>Identifies the operation of a path-style request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="rawPath">The path as sent (percent-encoded), starting with <c>/</c>.</param>
    /// <param name="query">The decoded query parameters.</param>
    /// <param name="headers">The request headers (names in any case).</param>
    /// <returns>The operation, or <c>InvalidBucketName</c>, <c>KeyTooLongError</c>, <c>InvalidArgument</c> (400),
    /// <c>MethodNotAllowed</c> (405) or <c>NotImplemented</c> (501).</returns>
    public static StsResult<S3Operation> Parse(string method, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(headers);

        if (!rawPath.StartsWith('/'))
        {
            return new StsError("InvalidURI", $"The path '{Quote(rawPath)}' does not start with '/'.");
        }

        var slash = rawPath.IndexOf('/', 1);
        var rawBucket = slash < 0 ? rawPath[1..] : rawPath[1..slash];
        var rawKey = slash < 0 ? string.Empty : rawPath[(slash + 1)..];
        string? bucket = null;
        string? key = null;
        if (rawBucket.Length > 0)
        {
            if (!TryUnescape(rawBucket, out var decodedBucket) || !IsValidBucketName(decodedBucket))
            {
                return new StsError("InvalidBucketName", $"The bucket name '{Quote(rawBucket)}' is not valid: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.");
            }

            bucket = decodedBucket;
        }

        if (rawKey.Length > 0)
        {
            if (!TryUnescape(rawKey, out var decodedKey))
            {
                return new StsError("InvalidURI", $"The key '{Quote(rawKey)}' is not valid percent-encoded UTF-8.");
            }

            if (Encoding.UTF8.GetByteCount(decodedKey) > 1024)
            {
                return new StsError("KeyTooLongError", "Your key is too long: at most 1024 bytes of UTF-8 are allowed.");
            }

            key = decodedKey;
        }

        var target = bucket is null ? Target.Service : key is null ? Target.Bucket : Target.Object;
        var subresource = string.Empty;
        foreach (var (name, _) in query)
        {
            if (name == "uploadId")
            {
                // A multipart upload's own requests: uploadId selects the row whatever comes first (partNumber sorts before it).
                subresource = name;
                break;
            }

            if (KnownSubresources.Contains(name) && subresource.Length == 0)
            {
                subresource = name;
            }
        }

        var upperMethod = method.ToUpperInvariant();
        if (!Rows.TryGetValue((upperMethod, target, subresource), out var kind))
        {
            var anyMethod = Rows.Keys.Any(row => row.Target == target && row.Subresource == subresource);
            return anyMethod && subresource.Length == 0
                ? new StsError("MethodNotAllowed", $"The method {Quote(method)} is not allowed against this resource.", 405)
                : new StsError("NotImplemented", $"A header or query you provided requests functionality that is not implemented ({Quote(upperMethod)} {(subresource.Length == 0 ? target.ToString().ToLowerInvariant() : "?" + subresource)}).", 501);
        }

        if (kind == S3OperationKind.ListObjects && query.Any(p => p.Key == "list-type"))
        {
            var listType = query.First(p => p.Key == "list-type").Value;
            if (listType != "2")
            {
                return new StsError("InvalidArgument", $"Invalid list-type '{Quote(listType)}': only 2 is defined.");
            }

            kind = S3OperationKind.ListObjectsV2;
        }

        if (kind == S3OperationKind.UploadPart && headers.Any(h => h.Key.Equals("x-amz-copy-source", StringComparison.OrdinalIgnoreCase)))
        {
            return new StsError("NotImplemented", "A header or query you provided requests functionality that is not implemented (UploadPartCopy).", 501);
        }

        if (kind == S3OperationKind.PutObject && headers.FirstOrDefault(h => h.Key.Equals("x-amz-copy-source", StringComparison.OrdinalIgnoreCase)).Value is { } copySource)
        {
            var source = ParseCopySource(copySource);
            return source.IsSuccess
                ? new S3Operation(S3OperationKind.CopyObject, bucket, key, source.Value.Bucket, source.Value.Key)
                : source.Error;
        }

        return new S3Operation(kind, bucket, key);
    }

    /// <summary>Whether a bucket name follows S3's rules for new buckets (3–63 of <c>[a-z0-9.-]</c>, alphanumeric
    /// at both ends, no <c>..</c>, not an IPv4 address).</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValidBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && !name.AsSpan().ContainsAnyExcept(BucketCharacters)
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("..", StringComparison.Ordinal)
        && !System.Net.IPAddress.TryParse(name, out _);

    private static StsResult<(string Bucket, string Key)> ParseCopySource(string header)
    {
        var value = header;
        var question = value.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            value = value[..question];
        }

        // The header is URL-encoded as a whole by some SDKs (AWSSDK.S3 sends "bucket%2Fkey"), per segment by
        // others: decode first, then split at the first '/', which a bucket name cannot contain.
        if (!TryUnescape(value, out var decoded))
        {
            return new StsError("InvalidArgument", $"Copy Source must mention the source bucket and key: sourcebucket/sourcekey, not '{Quote(header)}'.");
        }

        decoded = decoded.TrimStart('/');
        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash <= 0 ? string.Empty : decoded[..slash];
        var key = slash <= 0 ? string.Empty : decoded[(slash + 1)..];
        if (key.Length == 0 || !IsValidBucketName(bucket))
        {
            return new StsError("InvalidArgument", $"Copy Source must mention the source bucket and key: sourcebucket/sourcekey, not '{Quote(header)}'.");
        }

        return (bucket, key);
    }

    private static bool TryUnescape(string raw, out string decoded)
    {
        decoded = string.Empty;
        var bytes = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
                {
                    return false;
                }

                bytes[length++] = (byte)((Uri.FromHex(raw[i + 1]) << 4) | Uri.FromHex(raw[i + 2]));
                i += 2;
            }
            else if (c > 0x7F)
            {
                return false;
            }
            else
            {
                bytes[length++] = (byte)c;
            }
        }

        try
        {
            decoded = new UTF8Encoding(false, true).GetString(bytes, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string Quote(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "...");
}
