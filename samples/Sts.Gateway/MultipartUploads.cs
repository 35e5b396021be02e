using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Sts.Core;

namespace Sts.Gateway;

/// <summary>
/// Unfinished multipart uploads on disk, one folder per upload under the bucket's <c>uploads</c> folder: the
/// upload's metadata (<c>upload.json</c>), and per part its bytes and a small record naming them (written last, so a
/// part exists only once whole). Completing concatenates the chosen parts into a new object of the
/// <see cref="ObjectStore"/> (ETag: the MD5 of the parts' binary MD5s, then <c>-N</c>) and removes the folder.
/// </summary>
internal sealed class MultipartUploads(ObjectStore store, TimeProvider time)
{
    /// <summary>S3's bounds: part numbers 1 to 10,000, every part but the last at least 5 MiB.</summary>
    public const int MaxPartNumber = 10_000;

    public const long MinPartSize = 5L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new();
    private static readonly SearchValues<char> UploadIdCharacters = SearchValues.Create("0123456789abcdef");

    public async Task<string> CreateAsync(string bucket, string key, string contentType, IReadOnlyList<KeyValuePair<string, string>> metadata, IReadOnlyList<KeyValuePair<string, string>> tags, string initiatorArn, CancellationToken cancellationToken)
    {
        var uploadId = Guid.NewGuid().ToString("N");
        var folder = Folder(bucket, uploadId);
        Directory.CreateDirectory(folder);
        var upload = new MultipartUpload(key, contentType, [.. metadata.Select(m => new[] { m.Key, m.Value })], [.. tags.Select(t => new[] { t.Key, t.Value })], initiatorArn, time.GetUtcNow());
        await AtomicFile.WriteAllBytesAsync(Path.Combine(folder, "upload.json"), JsonSerializer.SerializeToUtf8Bytes(upload, Json), cancellationToken);
        return uploadId;
    }

    /// <summary>The upload, when <paramref name="uploadId"/> names one of this bucket for this key; else null.</summary>
    public MultipartUpload? Find(string bucket, string key, string? uploadId)
    {
        if (uploadId is not { Length: 32 } || uploadId.AsSpan().ContainsAnyExcept(UploadIdCharacters))
        {
            return null;
        }

        var path = Path.Combine(Folder(bucket, uploadId), "upload.json");
        if (!File.Exists(path))
        {
            return null;
        }

        var upload = JsonSerializer.Deserialize<MultipartUpload>(File.ReadAllBytes(path), Json)!;
        return upload.Key == key ? upload : null;
    }

    /// <summary>Stores one part (replacing a part of the same number); null when the body failed its MD5 or checksum.</summary>
    public async Task<UploadedPart?> PutPartAsync(string bucket, string uploadId, int partNumber, Stream content, PayloadChecksum? checksum, Func<byte[], StsError?> verifyMd5, CancellationToken cancellationToken)
    {
        var folder = Folder(bucket, uploadId);
        var dataFile = $"part-{partNumber}.{Guid.NewGuid():N}.data";
        var dataPath = Path.Combine(folder, dataFile);
        var (size, md5) = await ObjectStore.WriteHashedAsync(content, dataPath, checksum, cancellationToken);
        if (verifyMd5(md5) is not null || checksum?.Verify() is not null)
        {
            File.Delete(dataPath);
            return null;
        }

        var recordPath = PartRecord(folder, partNumber);
        var previous = File.Exists(recordPath) ? ReadPart(recordPath) : null;
        var part = new UploadedPart(partNumber, dataFile, size, Convert.ToHexStringLower(md5), time.GetUtcNow());
        await AtomicFile.WriteAllBytesAsync(recordPath, JsonSerializer.SerializeToUtf8Bytes(part, Json), cancellationToken);
        if (previous is not null)
        {
            File.Delete(Path.Combine(folder, previous.DataFile));
        }

        return part;
    }

    /// <summary>The parts uploaded so far, by part number.</summary>
    public IReadOnlyList<UploadedPart> ListParts(string bucket, string uploadId) =>
        [.. Directory.EnumerateFiles(Folder(bucket, uploadId), "part-*.json").Select(ReadPart).OrderBy(p => p.PartNumber)];

    /// <summary>
    /// Assembles the listed parts into the object. Errors as S3 gives them: <c>InvalidPartOrder</c> (numbers not
    /// ascending), <c>InvalidPart</c> (a part missing or its ETag different), <c>EntityTooSmall</c> (a part but the last
    /// under 5 MiB).
    /// </summary>
    public async Task<StsResult<StoredObject>> CompleteAsync(string bucket, string uploadId, MultipartUpload upload, IReadOnlyList<(int PartNumber, string ETag)> chosen, CancellationToken cancellationToken)
    {
        var uploaded = ListParts(bucket, uploadId).ToDictionary(p => p.PartNumber);
        var parts = new List<UploadedPart>(chosen.Count);
        for (var i = 0; i < chosen.Count; i++)
        {
            var (number, etag) = chosen[i];
            if (i > 0 && number <= chosen[i - 1].PartNumber)
            {
                return new StsError("InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.", 400);
            }

            if (!uploaded.TryGetValue(number, out var part) || !string.Equals(etag.Trim('"'), part.Md5Hex, StringComparison.OrdinalIgnoreCase))
            {
                return new StsError("InvalidPart", $"One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag (part {number}).", 400);
            }

            parts.Add(part);
        }

        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (parts[i].Size < MinPartSize)
            {
                return new StsError("EntityTooSmall", $"Your proposed upload is smaller than the minimum allowed size: part {parts[i].PartNumber} is {parts[i].Size} bytes, and every part but the last must be at least {MinPartSize}.", 400);
            }
        }

        var folder = Folder(bucket, uploadId);
        var dataFile = ObjectStore.NewDataFileName(upload.Key);
        var dataPath = Path.Combine(store.ObjectsDirectory(bucket), dataFile);
        long size = 0;
        var md5s = new byte[parts.Count * 16];
        await using (var output = new FileStream(dataPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            for (var i = 0; i < parts.Count; i++)
            {
                await using var input = new FileStream(Path.Combine(folder, parts[i].DataFile), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await input.CopyToAsync(output, cancellationToken);
                size += parts[i].Size;
                Convert.FromHexString(parts[i].Md5Hex).CopyTo(md5s, i * 16);
            }

            await output.FlushAsync(cancellationToken);
        }

        // S3's multipart ETag: the MD5 of the parts' binary MD5s, then the part count. MD5 is S3's checksum here, not a security measure.
        using var md5OfMd5s = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5OfMd5s.AppendData(md5s);
        var etagOfParts = $"\"{Convert.ToHexStringLower(md5OfMd5s.GetHashAndReset())}-{parts.Count}\"";
        var stored = new StoredObject(upload.Key, dataFile, size, etagOfParts, time.GetUtcNow(), upload.ContentType,
            [.. upload.Metadata.Select(m => new KeyValuePair<string, string>(m[0], m[1]))], [.. upload.Tags.Select(t => new KeyValuePair<string, string>(t[0], t[1]))]);
        if (!await store.CommitWrittenAsync(bucket, stored, cancellationToken))
        {
            File.Delete(dataPath);
            return S3Errors.NoSuchBucket();
        }

        Directory.Delete(folder, recursive: true);
        return stored;
    }

    /// <summary>The bucket's unfinished uploads whose key starts with <paramref name="prefix"/>, by key, then by
    /// initiation time and upload id (S3's order). An upload completed or aborted while listed is left out.</summary>
    public IReadOnlyList<(string UploadId, MultipartUpload Upload)> ListUploads(string bucket, string prefix)
    {
        var directory = store.UploadsDirectory(bucket);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var found = new List<(string UploadId, MultipartUpload Upload)>();
        foreach (var folder in Directory.EnumerateDirectories(directory))
        {
            var uploadId = Path.GetFileName(folder);
            if (uploadId is not { Length: 32 } || uploadId.AsSpan().ContainsAnyExcept(UploadIdCharacters))
            {
                continue;
            }

            try
            {
                var upload = JsonSerializer.Deserialize<MultipartUpload>(File.ReadAllBytes(Path.Combine(folder, "upload.json")), Json)!;
                if (upload.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add((uploadId, upload));
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Completed or aborted between the listing and the read.
            }
        }

        found.Sort((a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Upload.Key, b.Upload.Key);
            if (byKey != 0)
            {
                return byKey;
            }

            var byTime = a.Upload.Initiated.CompareTo(b.Upload.Initiated);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.UploadId, b.UploadId);
        });
        return found;
    }

    public void Abort(string bucket, string uploadId) => Directory.Delete(Folder(bucket, uploadId), recursive: true);

    private string Folder(string bucket, string uploadId) => Path.Combine(store.UploadsDirectory(bucket), uploadId);

    private static string PartRecord(string folder, int partNumber) => Path.Combine(folder, $"part-{partNumber}.json");

    private static UploadedPart ReadPart(string path) => JsonSerializer.Deserialize<UploadedPart>(File.ReadAllBytes(path), Json)!;
}
