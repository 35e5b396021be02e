using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sts.Core;
using Sts.Core.S3;
using Sts.Policy;
using Sts.SigV4;

namespace Sts.Gateway;

/// <summary>
/// The S3 surface: identify the operation, authenticate, derive the IAM checks, decide each through the
/// authorizer (the bucket policy is the resource policy), then serve from the <see cref="ObjectStore"/>. An unexpected
/// exception is logged and answered <c>InternalError</c> (500), S3's answer to its own faults, without its message or stack.
/// </summary>
internal sealed partial class S3Handler(ObjectStore store, MultipartUploads uploads, IRequestAuthorizer authorizer, GatewayOptions options, TimeProvider time, ILogger<S3Handler> logger)
{
    private const int MaxXmlBody = 64 * 1024;
    private const int MaxPolicyBody = 20 * 1024;
    private const int MaxCompleteMultipartBody = 2 * 1024 * 1024;

    private sealed record Call(HttpContext Http, S3Operation Operation, GatewayAuthentication Auth, List<KeyValuePair<string, string>> Query, List<KeyValuePair<string, string>> Headers, string Resource);

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleCoreAsync(context);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "Request {RequestId} ({Method} S3) failed unexpectedly", context.TraceIdentifier, context.Request.Method);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            await WriteErrorAsync(context, S3Errors.InternalError(), GatewayHttp.RawTarget(context).Path);
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var (rawPath, rawQuery) = GatewayHttp.RawTarget(context);
        var query = GatewayHttp.DecodeQuery(rawQuery);
        var headers = GatewayHttp.Headers(context);
        var parsed = S3RequestParser.Parse(context.Request.Method, rawPath, query, headers);
        if (!parsed.IsSuccess)
        {
            await WriteErrorAsync(context, parsed.Error, rawPath);
            return;
        }

        var operation = parsed.Value;
        var resource = operation.Bucket is null ? "/" : operation.Key is null ? "/" + operation.Bucket : $"/{operation.Bucket}/{operation.Key}";
        var auth = await authorizer.AuthenticateAsync(context, isQueryProtocol: false, cancellationToken);
        if (auth.Error is not null)
        {
            await WriteErrorAsync(context, auth.Error, resource);
            return;
        }

        var call = new Call(context, operation, auth, query, headers, resource);
        StsError? error;
        try
        {
            error = await ExecuteAsync(call, cancellationToken);
        }
        catch (SigV4Exception broken) when (!context.Response.HasStarted)
        {
            // The verified body stream found a bad chunk signature, payload hash or trailing checksum: nothing was stored.
            error = new StsError(broken.Error.AwsCode, broken.Error.Message, broken.Error.HttpStatus);
        }

        if (error is not null)
        {
            await WriteErrorAsync(context, error, resource);
        }
    }

    private async Task<StsError?> ExecuteAsync(Call call, CancellationToken cancellationToken)
    {
        var operation = call.Operation;
        var bucket = operation.Bucket is null ? null : store.FindBucket(operation.Bucket);
        var existing = bucket is null || operation.Key is null ? null : store.FindObject(bucket.Name, operation.Key);

        IReadOnlyList<KeyValuePair<string, string>>? requestTags = null;
        byte[]? xmlBody = null;
        if (operation.Kind is S3OperationKind.PutObject or S3OperationKind.CopyObject or S3OperationKind.CreateMultipartUpload && GatewayHttp.Header(call.Http, "x-amz-tagging") is { } taggingHeader)
        {
            var tags = S3TagSet.ParseHeader(taggingHeader);
            if (!tags.IsSuccess)
            {
                return tags.Error;
            }

            requestTags = tags.Value;
        }

        if (operation.Kind is S3OperationKind.PutObjectTagging or S3OperationKind.PutBucketTagging or S3OperationKind.PutBucketPolicy or S3OperationKind.CreateBucket or S3OperationKind.CompleteMultipartUpload)
        {
            var max = operation.Kind switch
            {
                S3OperationKind.PutBucketPolicy => MaxPolicyBody,
                S3OperationKind.CompleteMultipartUpload => MaxCompleteMultipartBody,
                _ => MaxXmlBody,
            };
            xmlBody = await GatewayHttp.ReadBodyAsync(call.Auth.Body, max, cancellationToken);
            if (xmlBody is null)
            {
                return operation.Kind == S3OperationKind.PutBucketPolicy ? S3Errors.MalformedPolicy("Policies must be no more than 20 KB.") : S3Errors.MalformedXml();
            }

            if (operation.Kind == S3OperationKind.PutObjectTagging)
            {
                var tags = ReadTagging(xmlBody, maxTags: 10, allowDuplicates: false);
                if (!tags.IsSuccess)
                {
                    return tags.Error;
                }

                requestTags = tags.Value;
            }
        }

        StoredBucket? sourceBucket = null;
        StoredObject? source = null;
        if (operation.Kind == S3OperationKind.CopyObject)
        {
            sourceBucket = store.FindBucket(operation.CopySourceBucket!);
            source = sourceBucket is null ? null : store.FindObject(sourceBucket.Name, operation.CopySourceKey!);
        }

        if (bucket is null && operation.Bucket is not null && operation.Kind != S3OperationKind.CreateBucket)
        {
            // As S3: a bucket that does not exist is NoSuchBucket to everyone (bucket names are global), before any policy.
            return S3Errors.NoSuchBucket();
        }

        var facts = Facts(call, bucket, existing, requestTags, sourceBucket, source);
        bool IsAllowed(S3AuthorizationCheck check)
        {
            var checkBucket = check.Bucket is null ? null : check.Bucket == bucket?.Name ? bucket : store.FindBucket(check.Bucket);
            return authorizer.IsAllowed(call.Auth.Principal, check, checkBucket?.Policy, checkBucket?.OwnerAccount);
        }

        if (S3Authorization.Authorize(operation, facts, IsAllowed) is { } denied)
        {
            return denied;
        }

        if (operation.Kind == S3OperationKind.ListBuckets)
        {
            return await ListBucketsAsync(call);
        }

        if (operation.Kind == S3OperationKind.CreateBucket)
        {
            return await CreateBucketAsync(call, bucket, cancellationToken);
        }

        if (bucket is null)
        {
            return S3Errors.NoSuchBucket();
        }

        switch (operation.Kind)
        {
            case S3OperationKind.HeadBucket:
                call.Http.Response.StatusCode = 200;
                return null;
            case S3OperationKind.DeleteBucket:
                return store.DeleteBucket(bucket.Name) switch
                {
                    null => S3Errors.NoSuchBucket(),
                    false => S3Errors.BucketNotEmpty(),
                    true => NoContent(call),
                };
            case S3OperationKind.ListObjects:
            case S3OperationKind.ListObjectsV2:
                return await ListObjectsAsync(call, bucket);
            case S3OperationKind.GetBucketLocation:
                await WriteXmlAsync(call, new S3Xml().Element("LocationConstraint", options.Region).ToString().Replace("<LocationConstraint>", $"<LocationConstraint xmlns=\"{S3Xml.Namespace}\">", StringComparison.Ordinal));
                return null;
            case S3OperationKind.GetBucketPolicy:
                if (bucket.Policy is null)
                {
                    return S3Errors.NoSuchBucketPolicy();
                }

                await GatewayHttp.WriteAsync(call.Http, 200, "application/json", bucket.Policy);
                return null;
            case S3OperationKind.PutBucketPolicy:
                return await PutBucketPolicyAsync(call, bucket, xmlBody!, cancellationToken);
            case S3OperationKind.DeleteBucketPolicy:
                await store.UpdateBucketAsync(bucket with { Policy = null }, cancellationToken);
                return NoContent(call);
            case S3OperationKind.GetBucketTagging:
                if (!bucket.HasTagSet)
                {
                    return S3Errors.NoSuchTagSet();
                }

                await WriteXmlAsync(call, TaggingXml(bucket.Tags));
                return null;
            case S3OperationKind.PutBucketTagging:
                var bucketTags = ReadTagging(xmlBody!, maxTags: 50, allowDuplicates: options.IsCephCompatible);
                if (!bucketTags.IsSuccess)
                {
                    return bucketTags.Error;
                }

                await store.UpdateBucketAsync(bucket with { Tags = bucketTags.Value, HasTagSet = true }, cancellationToken);
                return NoContent(call);
            case S3OperationKind.DeleteBucketTagging:
                await store.UpdateBucketAsync(bucket with { Tags = [], HasTagSet = false }, cancellationToken);
                return NoContent(call);
            case S3OperationKind.PutObject:
                return await PutObjectAsync(call, bucket, requestTags, cancellationToken);
            case S3OperationKind.CopyObject:
                return await CopyObjectAsync(call, bucket, sourceBucket, source, requestTags, cancellationToken);
            case S3OperationKind.CreateMultipartUpload:
                return await CreateMultipartUploadAsync(call, bucket, requestTags, cancellationToken);
            case S3OperationKind.UploadPart:
                return await UploadPartAsync(call, bucket, cancellationToken);
            case S3OperationKind.CompleteMultipartUpload:
                return await CompleteMultipartUploadAsync(call, bucket, xmlBody!, cancellationToken);
            case S3OperationKind.AbortMultipartUpload:
                return AbortMultipartUpload(call, bucket);
            case S3OperationKind.ListParts:
                return await ListPartsAsync(call, bucket);
            case S3OperationKind.ListMultipartUploads:
                return await ListMultipartUploadsAsync(call, bucket);
        }

        if (existing is null)
        {
            if (operation.Kind == S3OperationKind.DeleteObject)
            {
                return NoContent(call);
            }

            return S3Authorization.MissingKey(operation, facts, IsAllowed);
        }

        switch (operation.Kind)
        {
            case S3OperationKind.GetObject:
            case S3OperationKind.HeadObject:
                return await GetObjectAsync(call, bucket, existing, cancellationToken);
            case S3OperationKind.DeleteObject:
                store.DeleteObject(bucket.Name, existing.Key);
                return NoContent(call);
            case S3OperationKind.GetObjectTagging:
                await WriteXmlAsync(call, TaggingXml(existing.Tags));
                return null;
            case S3OperationKind.PutObjectTagging:
                await store.UpdateObjectAsync(existing with { Tags = requestTags! }, bucket.Name, cancellationToken);
                call.Http.Response.StatusCode = 200;
                return null;
            case S3OperationKind.DeleteObjectTagging:
                await store.UpdateObjectAsync(existing with { Tags = [] }, bucket.Name, cancellationToken);
                return NoContent(call);
            default:
                return new StsError("NotImplemented", "A header or query you provided requests functionality that is not implemented.", 501);
        }
    }

    private S3RequestFacts Facts(Call call, StoredBucket? bucket, StoredObject? existing, IReadOnlyList<KeyValuePair<string, string>>? requestTags, StoredBucket? sourceBucket, StoredObject? source) => new()
    {
        Time = time.GetUtcNow(),
        TokenIssueTime = (call.Auth.Principal?.Identity as Sts.Core.Hosting.AuthenticatedCaller)?.Caller.Session?.IssuedAt,
        IsSecureTransport = call.Http.Request.IsHttps,
        SourceIp = call.Http.Connection.RemoteIpAddress,
        Region = call.Auth.Principal is null ? options.Region : call.Auth.Region,
        AuthType = call.Auth.AuthType,
        SignatureVersion = call.Auth.SignatureVersion,
        Query = call.Query,
        Headers = call.Headers,
        RequestObjectTags = requestTags,
        BucketTags = bucket?.Tags ?? [],
        ExistingObjectTags = existing?.Tags ?? [],
        CopySourceBucketTags = sourceBucket?.Tags ?? [],
        CopySourceObjectTags = source?.Tags ?? [],
    };

    private async Task<StsError?> ListBucketsAsync(Call call)
    {
        var principal = call.Auth.Principal;
        if (principal is null)
        {
            return S3Errors.AccessDenied();
        }

        var xml = new S3Xml().Open("ListAllMyBucketsResult", withNamespace: true)
            .Open("Owner").Element("ID", principal.AccountId).Element("DisplayName", principal.AccountId).Close("Owner")
            .Open("Buckets");
        foreach (var bucket in store.ListBuckets(principal.AccountId))
        {
            xml.Open("Bucket").Element("Name", bucket.Name).Element("CreationDate", bucket.Created).Close("Bucket");
        }

        await WriteXmlAsync(call, xml.Close("Buckets").Close("ListAllMyBucketsResult").ToString());
        return null;
    }

    private async Task<StsError?> CreateBucketAsync(Call call, StoredBucket? existing, CancellationToken cancellationToken)
    {
        var principal = call.Auth.Principal;
        if (principal is null)
        {
            return S3Errors.AccessDenied();
        }

        if (existing is not null)
        {
            return existing.OwnerAccount == principal.AccountId ? S3Errors.BucketAlreadyOwnedByYou() : S3Errors.BucketAlreadyExists();
        }

        if (!await store.CreateBucketAsync(call.Operation.Bucket!, principal.AccountId, principal.Arn, cancellationToken))
        {
            return S3Errors.BucketAlreadyExists();
        }

        call.Http.Response.Headers.Location = "/" + call.Operation.Bucket;
        call.Http.Response.StatusCode = 200;
        return null;
    }

    private async Task<StsError?> PutBucketPolicyAsync(Call call, StoredBucket bucket, byte[] body, CancellationToken cancellationToken)
    {
        var parsed = PolicyParser.Parse(body, PolicyKind.Resource);
        if (!parsed.IsValid)
        {
            return S3Errors.MalformedPolicy(parsed.FirstError?.Message ?? "The policy is not valid.");
        }

        await store.UpdateBucketAsync(bucket with { Policy = System.Text.Encoding.UTF8.GetString(body) }, cancellationToken);
        return NoContent(call);
    }

    private async Task<StsError?> ListObjectsAsync(Call call, StoredBucket bucket)
    {
        string? Param(string name) => call.Query.FirstOrDefault(p => p.Key == name).Value;
        var v2 = call.Operation.Kind == S3OperationKind.ListObjectsV2;
        var prefix = Param("prefix") ?? string.Empty;
        var delimiter = Param("delimiter");
        var encodingType = Param("encoding-type");
        if (encodingType is not null && encodingType != "url")
        {
            return S3Errors.InvalidArgument($"Invalid Encoding Method specified in Request: '{encodingType}'.");
        }

        var maxKeys = 1000;
        if (Param("max-keys") is { } maxKeysText && (!int.TryParse(maxKeysText, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys) || maxKeys < 0))
        {
            return S3Errors.InvalidArgument("Provided max-keys not an integer or within integer range");
        }

        maxKeys = Math.Min(maxKeys, 1000);
        var continuation = v2 ? Param("continuation-token") : null;
        var after = string.Empty;
        if (continuation is not null)
        {
            try
            {
                after = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(continuation));
            }
            catch (FormatException)
            {
                return S3Errors.InvalidArgument("The continuation token provided is incorrect");
            }
        }
        else
        {
            after = (v2 ? Param("start-after") : Param("marker")) ?? string.Empty;
        }

        var contents = new List<StoredObject>();
        var prefixes = new List<string>();
        string? lastReturned = null;
        var truncated = false;
        foreach (var item in store.ListObjects(bucket.Name, prefix, after))
        {
            string? common = null;
            if (!string.IsNullOrEmpty(delimiter))
            {
                var at = item.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (at >= 0)
                {
                    common = item.Key[..(at + delimiter.Length)];
                }
            }

            if (common is not null && prefixes.Count > 0 && prefixes[^1] == common)
            {
                continue;
            }

            if (common is not null && string.CompareOrdinal(common, after) <= 0)
            {
                continue;
            }

            if (contents.Count + prefixes.Count >= maxKeys)
            {
                truncated = true;
                break;
            }

            if (common is not null)
            {
                prefixes.Add(common);
                lastReturned = common;
            }
            else
            {
                contents.Add(item);
                lastReturned = item.Key;
            }
        }

        var url = encodingType == "url";
        string Encode(string value) => url ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;
        var xml = new S3Xml().Open("ListBucketResult", withNamespace: true)
            .Element("Name", bucket.Name)
            .Element("Prefix", Encode(prefix));
        if (v2)
        {
            xml.Element("KeyCount", contents.Count + prefixes.Count).Element("MaxKeys", maxKeys);
            xml.Element("ContinuationToken", continuation);
            xml.Element("StartAfter", Param("start-after") is { } startAfter ? Encode(startAfter) : null);
            if (truncated && lastReturned is not null)
            {
                xml.Element("NextContinuationToken", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(lastReturned)));
            }
        }
        else
        {
            xml.Element("Marker", Encode(Param("marker") ?? string.Empty)).Element("MaxKeys", maxKeys);
            if (truncated && delimiter is not null && lastReturned is not null)
            {
                xml.Element("NextMarker", Encode(lastReturned));
            }
        }

        xml.Element("Delimiter", delimiter is null ? null : Encode(delimiter))
            .Element("EncodingType", encodingType)
            .Element("IsTruncated", truncated);
        foreach (var item in contents)
        {
            xml.Open("Contents").Element("Key", Encode(item.Key)).Element("LastModified", item.LastModified).Element("ETag", item.ETag)
                .Element("Size", item.Size).Element("StorageClass", "STANDARD");
            if (!v2 || Param("fetch-owner") == "true")
            {
                xml.Open("Owner").Element("ID", bucket.OwnerAccount).Element("DisplayName", bucket.OwnerAccount).Close("Owner");
            }

            xml.Close("Contents");
        }

        foreach (var common in prefixes)
        {
            xml.Open("CommonPrefixes").Element("Prefix", Encode(common)).Close("CommonPrefixes");
        }

        await WriteXmlAsync(call, xml.Close("ListBucketResult").ToString());
        return null;
    }

    private async Task<StsError?> PutObjectAsync(Call call, StoredBucket bucket, IReadOnlyList<KeyValuePair<string, string>>? tags, CancellationToken cancellationToken)
    {
        if (!TryReadContentMd5(call, out var expectedMd5))
        {
            return S3Errors.InvalidDigest();
        }

        var checksum = PayloadChecksum.FromHeaders(call.Headers);
        if (!checksum.IsSuccess)
        {
            return checksum.Error;
        }

        StsError? digestError = null;
        StsError? VerifyMd5(byte[] actual) => digestError = expectedMd5 is not null && !CryptographicOperations.FixedTimeEquals(actual, expectedMd5) ? S3Errors.BadDigest() : null;
        var stored = await store.PutObjectAsync(bucket.Name, call.Operation.Key!, call.Auth.Body, GatewayHttp.Header(call.Http, "Content-Type") ?? "binary/octet-stream", UserMetadata(call), tags ?? [], checksum.Value, VerifyMd5, cancellationToken);
        if (stored is null)
        {
            return digestError ?? checksum.Value?.Verify() ?? S3Errors.NoSuchBucket();
        }

        call.Http.Response.Headers.ETag = stored.ETag;
        call.Http.Response.StatusCode = 200;
        return null;
    }

    private async Task<StsError?> CopyObjectAsync(Call call, StoredBucket bucket, StoredBucket? sourceBucket, StoredObject? source, IReadOnlyList<KeyValuePair<string, string>>? requestTags, CancellationToken cancellationToken)
    {
        if (sourceBucket is null)
        {
            return S3Errors.NoSuchBucket();
        }

        if (source is null)
        {
            return S3Errors.NoSuchKey();
        }

        var replaceMetadata = string.Equals(GatewayHttp.Header(call.Http, "x-amz-metadata-directive"), "REPLACE", StringComparison.OrdinalIgnoreCase);
        var replaceTags = string.Equals(GatewayHttp.Header(call.Http, "x-amz-tagging-directive"), "REPLACE", StringComparison.OrdinalIgnoreCase);
        if (!replaceMetadata && sourceBucket.Name == bucket.Name && source.Key == call.Operation.Key && !replaceTags)
        {
            return new StsError("InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.", 400);
        }

        var contentType = replaceMetadata ? GatewayHttp.Header(call.Http, "Content-Type") ?? "binary/octet-stream" : source.ContentType;
        var metadata = replaceMetadata ? UserMetadata(call) : source.Metadata;
        var tags = replaceTags ? requestTags ?? [] : source.Tags;
        var copy = await store.CopyObjectAsync(source, sourceBucket.Name, bucket.Name, call.Operation.Key!, contentType, metadata, tags, cancellationToken);
        if (copy is null)
        {
            return S3Errors.NoSuchBucket();
        }

        await WriteXmlAsync(call, new S3Xml().Open("CopyObjectResult", withNamespace: true).Element("LastModified", copy.LastModified).Element("ETag", copy.ETag).Close("CopyObjectResult").ToString());
        return null;
    }

    private async Task<StsError?> GetObjectAsync(Call call, StoredBucket bucket, StoredObject stored, CancellationToken cancellationToken)
    {
        Stream? data = null;
        if (call.Operation.Kind == S3OperationKind.GetObject)
        {
            // Another gateway may replace or delete the object between reading its metadata and opening its bytes.
            if (store.OpenObject(bucket.Name, stored) is not { } opened)
            {
                return new StsError("NoSuchKey", "The specified key does not exist.", 404);
            }

            (stored, data) = opened;
        }

        await using var dataScope = data;
        var response = call.Http.Response;
        response.StatusCode = 200;
        response.Headers.ETag = stored.ETag;
        response.Headers.LastModified = stored.LastModified.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = call.Query.FirstOrDefault(p => p.Key == "response-content-type").Value ?? stored.ContentType;
        response.ContentLength = stored.Size;
        foreach (var (name, value) in stored.Metadata)
        {
            response.Headers["x-amz-meta-" + name] = value;
        }

        if (stored.Tags.Count > 0)
        {
            response.Headers["x-amz-tagging-count"] = stored.Tags.Count.ToString(CultureInfo.InvariantCulture);
        }

        var (start, length) = (0L, stored.Size);
        if (call.Operation.Kind == S3OperationKind.GetObject && GatewayHttp.Header(call.Http, "Range") is { } range)
        {
            switch (ByteRange(range, stored.Size))
            {
                case null:
                    break;
                case { } satisfiable when satisfiable.Length > 0:
                    (start, length) = satisfiable;
                    response.StatusCode = 206;
                    response.Headers.ContentRange = $"bytes {start}-{start + length - 1}/{stored.Size}";
                    response.ContentLength = length;
                    break;
                default:
                    response.Headers.Remove("ETag");
                    return new StsError("InvalidRange", "The requested range is not satisfiable", 416);
            }
        }

        if (data is null)
        {
            return null;
        }

        data.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[81920];
        while (length > 0)
        {
            var read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            length -= read;
        }

        return null;
    }

    /// <summary>One <c>bytes=</c> range: null to serve the whole object (absent, malformed or several ranges, as
    /// S3 ignores them), (start, 0) when unsatisfiable, else (start, length).</summary>
    private static (long Start, long Length)? ByteRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            return suffix == 0 || size == 0 ? (0, 0) : (Math.Max(0, size - suffix), Math.Min(suffix, size));
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        var end = size - 1;
        if (last.Length > 0 && (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start))
        {
            return null;
        }

        return start >= size ? (start, 0) : (start, Math.Min(end, size - 1) - start + 1);
    }

    /// <summary>The <c>Content-MD5</c> header's 16 bytes (null when absent); false when it is not 16 bytes of base64.</summary>
    private static bool TryReadContentMd5(Call call, out byte[]? md5)
    {
        md5 = null;
        if (GatewayHttp.Header(call.Http, "Content-MD5") is not { } header)
        {
            return true;
        }

        try
        {
            md5 = Convert.FromBase64String(header);
        }
        catch (FormatException)
        {
            return false;
        }

        return md5.Length == 16;
    }

    private static List<KeyValuePair<string, string>> UserMetadata(Call call) =>
        call.Headers.Where(h => h.Key.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key["x-amz-meta-".Length..].ToLowerInvariant(), h.Value))
            .ToList();

    private static StsResult<IReadOnlyList<KeyValuePair<string, string>>> ReadTagging(byte[] body, int maxTags, bool allowDuplicates)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxXmlBody });
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return S3Errors.MalformedXml();
        }

        if (document.Root?.Name.LocalName != "Tagging")
        {
            return S3Errors.MalformedXml();
        }

        var tags = new List<KeyValuePair<string, string>>();
        foreach (var tag in document.Root.Descendants().Where(e => e.Name.LocalName == "Tag"))
        {
            var key = tag.Elements().FirstOrDefault(e => e.Name.LocalName == "Key")?.Value;
            var value = tag.Elements().FirstOrDefault(e => e.Name.LocalName == "Value")?.Value ?? string.Empty;
            if (key is null)
            {
                return S3Errors.MalformedXml();
            }

            tags.Add(new(key, value));
        }

        return S3TagSet.Validate(tags, allowDuplicates, maxTags) is { } error ? error : tags;
    }

    private static string TaggingXml(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var xml = new S3Xml().Open("Tagging", withNamespace: true).Open("TagSet");
        foreach (var (key, value) in tags)
        {
            xml.Open("Tag").Element("Key", key).Element("Value", value).Close("Tag");
        }

        return xml.Close("TagSet").Close("Tagging").ToString();
    }

    private static StsError? NoContent(Call call)
    {
        call.Http.Response.StatusCode = 204;
        return null;
    }

    private static Task WriteXmlAsync(Call call, string xml) => GatewayHttp.WriteAsync(call.Http, 200, "application/xml", xml);

    private static Task WriteErrorAsync(HttpContext context, StsError error, string resource)
    {
        var requestId = context.TraceIdentifier;
        context.Response.Headers["x-amz-request-id"] = requestId;
        if (context.Request.Headers.Expect.ToString().Equals("100-continue", StringComparison.OrdinalIgnoreCase) && context.Request.ContentLength > 0)
        {
            // The client waited for 100 Continue and, refused, will not send the body; Kestrel would read the next
            // request's first bytes as this body. Close the connection instead.
            context.Response.Headers.Connection = "close";
        }

        var xml = new S3Xml().Open("Error").Element("Code", error.Code).Element("Message", error.Message)
            .Element("Resource", resource).Element("RequestId", requestId).Close("Error").ToString();
        return GatewayHttp.WriteAsync(context, error.HttpStatus, "application/xml", xml);
    }
}
