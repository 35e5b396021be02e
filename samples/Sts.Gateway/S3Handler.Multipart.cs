using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using Sts.Core;

namespace Sts.Gateway;

/// <content>Multipart uploads: CreateMultipartUpload, UploadPart (aws-chunked bodies verified as for PutObject),
/// CompleteMultipartUpload, AbortMultipartUpload, ListParts and ListMultipartUploads.</content>
internal sealed partial class S3Handler
{
    private const int MaxPartsListed = 1000;

    private const int MaxUploadsListed = 1000;

    private static StsError NoSuchUpload() =>
        new("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404);

    private static string? QueryValue(Call call, string name) => call.Query.FirstOrDefault(p => p.Key == name).Value;

    private async Task<StsError?> CreateMultipartUploadAsync(Call call, StoredBucket bucket, IReadOnlyList<KeyValuePair<string, string>>? tags, CancellationToken cancellationToken)
    {
        var key = call.Operation.Key!;
        var initiator = call.Auth.Principal?.Arn ?? "anonymous";
        var uploadId = await uploads.CreateAsync(bucket.Name, key, GatewayHttp.Header(call.Http, "Content-Type") ?? "binary/octet-stream", UserMetadata(call), tags ?? [], initiator, cancellationToken);
        await WriteXmlAsync(call, new S3Xml().Open("InitiateMultipartUploadResult", withNamespace: true)
            .Element("Bucket", bucket.Name).Element("Key", key).Element("UploadId", uploadId)
            .Close("InitiateMultipartUploadResult").ToString());
        return null;
    }

    private async Task<StsError?> UploadPartAsync(Call call, StoredBucket bucket, CancellationToken cancellationToken)
    {
        var uploadId = QueryValue(call, "uploadId");
        if (!int.TryParse(QueryValue(call, "partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > MultipartUploads.MaxPartNumber)
        {
            return S3Errors.InvalidArgument($"Part number must be an integer between 1 and {MultipartUploads.MaxPartNumber}, inclusive.");
        }

        if (uploads.Find(bucket.Name, call.Operation.Key!, uploadId) is null)
        {
            return NoSuchUpload();
        }

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
        var part = await uploads.PutPartAsync(bucket.Name, uploadId!, partNumber, call.Auth.Body, checksum.Value, VerifyMd5, cancellationToken);
        if (part is null)
        {
            return digestError ?? checksum.Value?.Verify() ?? S3Errors.BadDigest();
        }

        call.Http.Response.Headers.ETag = $"\"{part.Md5Hex}\"";
        if (checksum.Value is { } verified)
        {
            call.Http.Response.Headers[verified.HeaderName] = Convert.ToBase64String(verified.Compute());
        }

        call.Http.Response.StatusCode = 200;
        return null;
    }

    private async Task<StsError?> CompleteMultipartUploadAsync(Call call, StoredBucket bucket, byte[] body, CancellationToken cancellationToken)
    {
        var uploadId = QueryValue(call, "uploadId");
        var upload = uploads.Find(bucket.Name, call.Operation.Key!, uploadId);
        if (upload is null)
        {
            return NoSuchUpload();
        }

        var chosen = ReadCompleteParts(body);
        if (!chosen.IsSuccess)
        {
            return chosen.Error;
        }

        var completed = await uploads.CompleteAsync(bucket.Name, uploadId!, upload, chosen.Value, cancellationToken);
        if (!completed.IsSuccess)
        {
            return completed.Error;
        }

        var stored = completed.Value;
        await WriteXmlAsync(call, new S3Xml().Open("CompleteMultipartUploadResult", withNamespace: true)
            .Element("Location", $"/{bucket.Name}/{Uri.EscapeDataString(stored.Key).Replace("%2F", "/", StringComparison.Ordinal)}")
            .Element("Bucket", bucket.Name).Element("Key", stored.Key).Element("ETag", stored.ETag)
            .Close("CompleteMultipartUploadResult").ToString());
        return null;
    }

    private StsError? AbortMultipartUpload(Call call, StoredBucket bucket)
    {
        var uploadId = QueryValue(call, "uploadId");
        if (uploads.Find(bucket.Name, call.Operation.Key!, uploadId) is null)
        {
            return NoSuchUpload();
        }

        uploads.Abort(bucket.Name, uploadId!);
        return NoContent(call);
    }

    private async Task<StsError?> ListPartsAsync(Call call, StoredBucket bucket)
    {
        var uploadId = QueryValue(call, "uploadId");
        var upload = uploads.Find(bucket.Name, call.Operation.Key!, uploadId);
        if (upload is null)
        {
            return NoSuchUpload();
        }

        var maxParts = MaxPartsListed;
        if (QueryValue(call, "max-parts") is { } maxText && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxParts) || maxParts < 0))
        {
            return S3Errors.InvalidArgument($"Argument max-parts must be an integer between 0 and 2147483647, not '{maxText}'.");
        }

        var marker = 0;
        if (QueryValue(call, "part-number-marker") is { } markerText && !int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out marker))
        {
            return S3Errors.InvalidArgument($"Argument part-number-marker must be an integer, not '{markerText}'.");
        }

        maxParts = Math.Min(maxParts, MaxPartsListed);
        var remaining = uploads.ListParts(bucket.Name, uploadId!).Where(p => p.PartNumber > marker).ToArray();
        var page = remaining.Take(maxParts).ToArray();
        var truncated = remaining.Length > page.Length;
        var xml = new S3Xml().Open("ListPartsResult", withNamespace: true)
            .Element("Bucket", bucket.Name).Element("Key", upload.Key).Element("UploadId", uploadId)
            .Open("Initiator").Element("ID", upload.InitiatorArn).Element("DisplayName", upload.InitiatorArn).Close("Initiator")
            .Open("Owner").Element("ID", bucket.OwnerAccount).Element("DisplayName", bucket.OwnerAccount).Close("Owner")
            .Element("StorageClass", "STANDARD")
            .Element("PartNumberMarker", marker)
            .Element("NextPartNumberMarker", page.Length > 0 ? page[^1].PartNumber : marker)
            .Element("MaxParts", maxParts)
            .Element("IsTruncated", truncated);
        foreach (var part in page)
        {
            xml.Open("Part").Element("PartNumber", part.PartNumber).Element("LastModified", part.LastModified)
                .Element("ETag", $"\"{part.Md5Hex}\"").Element("Size", part.Size).Close("Part");
        }

        await WriteXmlAsync(call, xml.Close("ListPartsResult").ToString());
        return null;
    }

    /// <summary>
    /// <c>GET /bucket?uploads</c>: the unfinished uploads by key, then initiation time, with <c>prefix</c>,
    /// <c>delimiter</c> (common prefixes), <c>key-marker</c> and <c>upload-id-marker</c> (the uploads after that one:
    /// later keys, and later uploads of the marker's key; without <c>key-marker</c> it is ignored, as S3 ignores it),
    /// <c>max-uploads</c> (at most 1,000) and <c>encoding-type=url</c>.
    /// </summary>
    private async Task<StsError?> ListMultipartUploadsAsync(Call call, StoredBucket bucket)
    {
        var prefix = QueryValue(call, "prefix") ?? string.Empty;
        var delimiter = QueryValue(call, "delimiter");
        var keyMarker = QueryValue(call, "key-marker") ?? string.Empty;
        var uploadIdMarker = keyMarker.Length == 0 ? null : QueryValue(call, "upload-id-marker");
        var encodingType = QueryValue(call, "encoding-type");
        if (encodingType is not null && encodingType != "url")
        {
            return S3Errors.InvalidArgument($"Invalid Encoding Method specified in Request: '{encodingType}'.");
        }

        var maxUploads = MaxUploadsListed;
        if (QueryValue(call, "max-uploads") is { } maxText
            && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxUploads)))
        {
            return S3Errors.InvalidArgument($"Argument max-uploads must be an integer between 0 and 2147483647, not '{maxText}'.");
        }

        maxUploads = Math.Min(maxUploads, MaxUploadsListed);
        var all = uploads.ListUploads(bucket.Name, prefix);
        var start = 0;
        if (keyMarker.Length > 0)
        {
            var markerAt = uploadIdMarker is null ? -1 : IndexOfUpload(all, keyMarker, uploadIdMarker);
            start = markerAt >= 0
                ? markerAt + 1
                : FirstIndexWhere(all, u => string.CompareOrdinal(u.Upload.Key, keyMarker) > 0
                    || (uploadIdMarker is not null && u.Upload.Key == keyMarker && string.CompareOrdinal(u.UploadId, uploadIdMarker) > 0));
        }

        var listed = new List<(string UploadId, MultipartUpload Upload)>();
        var prefixes = new List<string>();
        var truncated = false;
        string? nextKey = null;
        string? nextUploadId = null;
        for (var i = start; i < all.Count; i++)
        {
            var (uploadId, upload) = all[i];
            string? common = null;
            if (!string.IsNullOrEmpty(delimiter) && upload.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal) is var at and >= 0)
            {
                common = upload.Key[..(at + delimiter.Length)];
                if ((prefixes.Count > 0 && prefixes[^1] == common) || string.CompareOrdinal(common, keyMarker) <= 0)
                {
                    continue;
                }
            }

            if (listed.Count + prefixes.Count >= maxUploads)
            {
                truncated = true;
                break;
            }

            if (common is not null)
            {
                prefixes.Add(common);
                (nextKey, nextUploadId) = (common, null);
            }
            else
            {
                listed.Add((uploadId, upload));
                (nextKey, nextUploadId) = (upload.Key, uploadId);
            }
        }

        string Encode(string value) => encodingType == "url" ? Uri.EscapeDataString(value) : value;
        var xml = new S3Xml().Open("ListMultipartUploadsResult", withNamespace: true)
            .Element("Bucket", bucket.Name)
            .Element("KeyMarker", Encode(keyMarker))
            .Element("UploadIdMarker", uploadIdMarker ?? string.Empty);
        if (truncated)
        {
            xml.Element("NextKeyMarker", Encode(nextKey ?? string.Empty)).Element("NextUploadIdMarker", nextUploadId ?? string.Empty);
        }

        if (!string.IsNullOrEmpty(delimiter))
        {
            xml.Element("Delimiter", Encode(delimiter));
        }

        xml.Element("Prefix", Encode(prefix)).Element("MaxUploads", maxUploads).Element("IsTruncated", truncated);
        if (encodingType is not null)
        {
            xml.Element("EncodingType", encodingType);
        }

        foreach (var (uploadId, upload) in listed)
        {
            xml.Open("Upload").Element("Key", Encode(upload.Key)).Element("UploadId", uploadId)
                .Open("Initiator").Element("ID", upload.InitiatorArn).Element("DisplayName", upload.InitiatorArn).Close("Initiator")
                .Open("Owner").Element("ID", bucket.OwnerAccount).Element("DisplayName", bucket.OwnerAccount).Close("Owner")
                .Element("StorageClass", "STANDARD").Element("Initiated", upload.Initiated).Close("Upload");
        }

        foreach (var common in prefixes)
        {
            xml.Open("CommonPrefixes").Element("Prefix", Encode(common)).Close("CommonPrefixes");
        }

        await WriteXmlAsync(call, xml.Close("ListMultipartUploadsResult").ToString());
        return null;
    }

    private static int IndexOfUpload(IReadOnlyList<(string UploadId, MultipartUpload Upload)> all, string key, string uploadId) =>
        FirstIndexWhere(all, u => u.Upload.Key == key && u.UploadId == uploadId) is var at && at < all.Count ? at : -1;

    private static int FirstIndexWhere(IReadOnlyList<(string UploadId, MultipartUpload Upload)> all, Func<(string UploadId, MultipartUpload Upload), bool> match)
    {
        for (var i = 0; i < all.Count; i++)
        {
            if (match(all[i]))
            {
                return i;
            }
        }

        return all.Count;
    }

    /// <summary>The (PartNumber, ETag) list of a <c>CompleteMultipartUpload</c> body; <c>MalformedXML</c> when it is not
    /// one, or lists no part.</summary>
    private static StsResult<IReadOnlyList<(int PartNumber, string ETag)>> ReadCompleteParts(byte[] body)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxCompleteMultipartBody });
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return S3Errors.MalformedXml();
        }

        if (document.Root?.Name.LocalName != "CompleteMultipartUpload")
        {
            return S3Errors.MalformedXml();
        }

        var parts = new List<(int, string)>();
        foreach (var part in document.Root.Elements().Where(e => e.Name.LocalName == "Part"))
        {
            var number = part.Elements().FirstOrDefault(e => e.Name.LocalName == "PartNumber")?.Value;
            var etag = part.Elements().FirstOrDefault(e => e.Name.LocalName == "ETag")?.Value;
            if (etag is null || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber))
            {
                return S3Errors.MalformedXml();
            }

            parts.Add((partNumber, etag));
        }

        return parts.Count == 0 ? S3Errors.MalformedXml() : StsResult<IReadOnlyList<(int PartNumber, string ETag)>>.Success(parts);
    }
}
