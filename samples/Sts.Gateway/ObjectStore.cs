using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sts.Gateway;

/// <summary>
/// Buckets and objects on disk under <c>DataDirectory/s3</c>. Every write is atomic: object bytes go to a
/// fresh file, then the metadata file that points at them is renamed into place (the commit), then the old
/// bytes are deleted. An in-memory sorted index per bucket serves listings.
/// </summary>
internal sealed class ObjectStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);

    public ObjectStore(string dataDirectory, TimeProvider time)
    {
        _root = Path.Combine(Path.GetFullPath(dataDirectory), "s3");
        _time = time;
        Directory.CreateDirectory(_root);
        Load();
    }

    private sealed class BucketState(StoredBucket bucket)
    {
        public StoredBucket Bucket { get; set; } = bucket;

        public SortedDictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);
    }

    public IReadOnlyList<StoredBucket> ListBuckets(string ownerAccount)
    {
        lock (_gate)
        {
            return _buckets.Values.Select(b => b.Bucket).Where(b => b.OwnerAccount == ownerAccount).OrderBy(b => b.Name, StringComparer.Ordinal).ToArray();
        }
    }

    public StoredBucket? FindBucket(string name)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(name, out var state) ? state.Bucket : null;
        }
    }

    public StoredObject? FindObject(string bucket, string key)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(bucket, out var state) && state.Objects.TryGetValue(key, out var found) ? found : null;
        }
    }

    /// <summary>Creates a bucket; false when the name is taken.</summary>
    public async Task<bool> CreateBucketAsync(string name, string ownerAccount, string ownerArn, CancellationToken cancellationToken)
    {
        var bucket = new StoredBucket(name, ownerAccount, ownerArn, _time.GetUtcNow(), [], false, null);
        lock (_gate)
        {
            if (!_buckets.TryAdd(name, new BucketState(bucket)))
            {
                return false;
            }
        }

        Directory.CreateDirectory(ObjectsDirectory(name));
        await WriteBucketAsync(bucket, cancellationToken);
        return true;
    }

    public async Task UpdateBucketAsync(StoredBucket bucket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(bucket.Name, out var state))
            {
                return;
            }

            state.Bucket = bucket;
        }

        await WriteBucketAsync(bucket, cancellationToken);
    }

    /// <summary>Deletes an empty bucket: null when gone, false when it still holds objects.</summary>
    public bool? DeleteBucket(string name)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(name, out var state))
            {
                return null;
            }

            if (state.Objects.Count > 0)
            {
                return false;
            }

            _buckets.Remove(name);
        }

        Directory.Delete(Path.Combine(_root, name), recursive: true);
        return true;
    }

    public IReadOnlyList<StoredObject> ListObjects(string bucket, string prefix, string after)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(bucket, out var state))
            {
                return [];
            }

            return state.Objects.Values
                .Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(o.Key, after) > 0)
                .ToArray();
        }
    }

    /// <summary>Stores an object from a stream; the bytes are hashed (MD5 for the ETag) as they are written.</summary>
    public async Task<StoredObject?> PutObjectAsync(string bucket, string key, Stream content, string contentType, IReadOnlyList<KeyValuePair<string, string>> metadata, IReadOnlyList<KeyValuePair<string, string>> tags, PayloadChecksum? checksum, Func<byte[], Sts.Core.StsError?> verifyMd5, CancellationToken cancellationToken)
    {
        var directory = ObjectsDirectory(bucket);
        var dataFile = NewDataFileName(key);
        var dataPath = Path.Combine(directory, dataFile);
        var (size, md5) = await WriteHashedAsync(content, dataPath, checksum, cancellationToken);
        if (verifyMd5(md5) is not null || checksum?.Verify() is not null)
        {
            File.Delete(dataPath);
            return null;
        }

        var stored = new StoredObject(key, dataFile, size, "\"" + Convert.ToHexStringLower(md5) + "\"", _time.GetUtcNow(), contentType, metadata, tags);
        return await CommitAsync(bucket, stored, cancellationToken) ? stored : null;
    }

    /// <summary>Writes a stream to a new file, hashing it (MD5, and the payload checksum when given) on the way;
    /// the file is removed when the write fails.</summary>
    public static async Task<(long Size, byte[] Md5)> WriteHashedAsync(Stream content, string path, PayloadChecksum? checksum, CancellationToken cancellationToken)
    {
        long size = 0;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    checksum?.Append(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }

                await file.FlushAsync(cancellationToken);
            }

            return (size, hash.GetHashAndReset());
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Replaces an object's metadata (tags), keeping its bytes.</summary>
    public async Task<bool> UpdateObjectAsync(StoredObject updated, string bucket, CancellationToken cancellationToken) =>
        await CommitAsync(bucket, updated, cancellationToken, keepData: true);

    /// <summary>Copies an object's bytes into a new object.</summary>
    public async Task<StoredObject?> CopyObjectAsync(StoredObject source, string sourceBucket, string bucket, string key, string contentType, IReadOnlyList<KeyValuePair<string, string>> metadata, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken)
    {
        var dataFile = NewDataFileName(key);
        await using (var input = OpenData(sourceBucket, source))
        {
            await using var output = new FileStream(Path.Combine(ObjectsDirectory(bucket), dataFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await input.CopyToAsync(output, cancellationToken);
        }

        var stored = new StoredObject(key, dataFile, source.Size, source.ETag, _time.GetUtcNow(), contentType, metadata, tags);
        return await CommitAsync(bucket, stored, cancellationToken) ? stored : null;
    }

    public bool DeleteObject(string bucket, string key)
    {
        StoredObject? removed;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(bucket, out var state) || !state.Objects.Remove(key, out removed))
            {
                return false;
            }
        }

        File.Delete(MetaPath(bucket, key));
        File.Delete(Path.Combine(ObjectsDirectory(bucket), removed.DataFile));
        return true;
    }

    public Stream OpenData(string bucket, StoredObject stored) =>
        new FileStream(Path.Combine(ObjectsDirectory(bucket), stored.DataFile), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>A fresh name for an object's bytes in <see cref="ObjectsDirectory"/>.</summary>
    public static string NewDataFileName(string key) => Hash(key) + "." + Guid.NewGuid().ToString("N") + ".data";

    /// <summary>Commits an object whose bytes the caller already wrote to <see cref="ObjectsDirectory"/> under
    /// <see cref="StoredObject.DataFile"/> (a completed multipart upload); false when the bucket is gone.</summary>
    public Task<bool> CommitWrittenAsync(string bucket, StoredObject stored, CancellationToken cancellationToken) =>
        CommitAsync(bucket, stored, cancellationToken);

    private async Task<bool> CommitAsync(string bucket, StoredObject stored, CancellationToken cancellationToken, bool keepData = false)
    {
        var metaPath = MetaPath(bucket, stored.Key);
        await AtomicFile.WriteAllBytesAsync(metaPath, JsonSerializer.SerializeToUtf8Bytes(ObjectJson.From(stored), Json), cancellationToken);
        StoredObject? previous;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(bucket, out var state))
            {
                return false;
            }

            state.Objects.TryGetValue(stored.Key, out previous);
            state.Objects[stored.Key] = stored;
        }

        if (!keepData && previous is not null && previous.DataFile != stored.DataFile)
        {
            File.Delete(Path.Combine(ObjectsDirectory(bucket), previous.DataFile));
        }

        return true;
    }

    private async Task WriteBucketAsync(StoredBucket bucket, CancellationToken cancellationToken) =>
        await AtomicFile.WriteAllBytesAsync(Path.Combine(_root, bucket.Name, "bucket.json"), JsonSerializer.SerializeToUtf8Bytes(BucketJson.From(bucket), Json), cancellationToken);

    private void Load()
    {
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var bucketFile = Path.Combine(directory, "bucket.json");
            if (!File.Exists(bucketFile))
            {
                continue;
            }

            var bucket = JsonSerializer.Deserialize<BucketJson>(File.ReadAllBytes(bucketFile), Json)!.To();
            var state = new BucketState(bucket);
            var objects = Path.Combine(directory, "objects");
            Directory.CreateDirectory(objects);
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var meta in Directory.EnumerateFiles(objects, "*.meta"))
            {
                var stored = JsonSerializer.Deserialize<ObjectJson>(File.ReadAllBytes(meta), Json)!.To();
                state.Objects[stored.Key] = stored;
                referenced.Add(stored.DataFile);
            }

            foreach (var data in Directory.EnumerateFiles(objects, "*.data"))
            {
                if (!referenced.Contains(Path.GetFileName(data)))
                {
                    File.Delete(data);
                }
            }

            _buckets[bucket.Name] = state;
        }
    }

    public string ObjectsDirectory(string bucket) => Path.Combine(_root, bucket, "objects");

    /// <summary>Where a bucket's unfinished multipart uploads live.</summary>
    public string UploadsDirectory(string bucket) => Path.Combine(_root, bucket, "uploads");

    private string MetaPath(string bucket, string key) => Path.Combine(ObjectsDirectory(bucket), Hash(key) + ".meta");

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed record BucketJson(string Name, string OwnerAccount, string OwnerArn, DateTimeOffset Created, string[][] Tags, bool HasTagSet, string? Policy)
    {
        public static BucketJson From(StoredBucket b) => new(b.Name, b.OwnerAccount, b.OwnerArn, b.Created, b.Tags.Select(t => new[] { t.Key, t.Value }).ToArray(), b.HasTagSet, b.Policy);

        public StoredBucket To() => new(Name, OwnerAccount, OwnerArn, Created, Tags.Select(t => new KeyValuePair<string, string>(t[0], t[1])).ToArray(), HasTagSet, Policy);
    }

    private sealed record ObjectJson(string Key, string DataFile, long Size, string ETag, DateTimeOffset LastModified, string ContentType, string[][] Metadata, string[][] Tags)
    {
        public static ObjectJson From(StoredObject o) => new(o.Key, o.DataFile, o.Size, o.ETag, o.LastModified, o.ContentType,
            o.Metadata.Select(t => new[] { t.Key, t.Value }).ToArray(), o.Tags.Select(t => new[] { t.Key, t.Value }).ToArray());

        public StoredObject To() => new(Key, DataFile, Size, ETag, LastModified, ContentType,
            Metadata.Select(t => new KeyValuePair<string, string>(t[0], t[1])).ToArray(), Tags.Select(t => new KeyValuePair<string, string>(t[0], t[1])).ToArray());
    }
}
