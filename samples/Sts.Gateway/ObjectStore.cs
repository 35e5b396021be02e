using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sts.Gateway;

/// <summary>
/// Buckets and objects on disk under the object directory (<c>Gateway__ObjectDirectory</c>, default
/// <c>DataDirectory/objects</c>), which the gateways of a fleet share. The disk is the only truth: every read looks at
/// it, so a bucket or object written by one gateway is seen by every other at once. Every write is atomic: a bucket
/// appears by renaming a complete staging folder into place and disappears by renaming it away; object bytes go to a
/// fresh file, then the metadata file that points at them is renamed into place (the commit), then the old bytes are
/// deleted. Object listings are cached per bucket and checked against the directory on every use (<see cref="ObjectListing"/>).
/// </summary>
internal sealed class ObjectStore
{
    private const string BucketFile = "bucket.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Unreferenced object bytes older than this (on the file system's clock) are removed at start: another
    /// gateway may be writing bytes it has not committed yet.</summary>
    private static readonly TimeSpan OrphanAge = TimeSpan.FromHours(1);

    private readonly string _root;
    private readonly string _probes;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ObjectListing> _listings = new(StringComparer.Ordinal);

    public ObjectStore(string objectDirectory, TimeProvider time)
    {
        _root = Path.GetFullPath(objectDirectory);
        _probes = Path.Combine(_root, ".probe");
        _time = time;
        Directory.CreateDirectory(_root);
        RemoveLeftovers();
    }

    /// <summary>The folder holding the buckets.</summary>
    public string Root => _root;

    public IReadOnlyList<StoredBucket> ListBuckets(string ownerAccount) =>
        Directory.EnumerateDirectories(_root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Select(d => ReadBucket(Path.GetFileName(d)))
            .OfType<StoredBucket>()
            .Where(b => b.OwnerAccount == ownerAccount)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToArray();

    public StoredBucket? FindBucket(string name) => ReadBucket(name);

    public StoredObject? FindObject(string bucket, string key)
    {
        try
        {
            var stored = ParseObject(File.ReadAllBytes(MetaPath(bucket, key)));
            return stored.Key == key ? stored : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Creates a bucket; false when the name is taken (by this gateway or another).</summary>
    public async Task<bool> CreateBucketAsync(string name, string ownerAccount, string ownerArn, CancellationToken cancellationToken)
    {
        var bucket = new StoredBucket(name, ownerAccount, ownerArn, _time.GetUtcNow(), [], false, null);
        var staging = Path.Combine(_root, ".new-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(staging, "objects"));
        await AtomicFile.WriteAllBytesAsync(Path.Combine(staging, BucketFile), JsonSerializer.SerializeToUtf8Bytes(BucketJson.From(bucket), Json), cancellationToken);
        try
        {
            // The commit: a rename onto a name that exists (a non-empty folder) fails, so one creator wins.
            Directory.Move(staging, Path.Combine(_root, name));
            return true;
        }
        catch (IOException)
        {
            Directory.Delete(staging, recursive: true);
            return false;
        }
    }

    /// <summary>Replaces a bucket's metadata (policy, tags); false when the bucket is gone.</summary>
    public async Task<bool> UpdateBucketAsync(StoredBucket bucket, CancellationToken cancellationToken)
    {
        try
        {
            await AtomicFile.WriteAllBytesAsync(Path.Combine(_root, bucket.Name, BucketFile), JsonSerializer.SerializeToUtf8Bytes(BucketJson.From(bucket), Json), cancellationToken);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Deletes an empty bucket: null when gone, false when it still holds objects.</summary>
    public bool? DeleteBucket(string name)
    {
        if (ReadBucket(name) is null)
        {
            return null;
        }

        if (Directory.EnumerateFiles(ObjectsDirectory(name), "*.meta").Any())
        {
            return false;
        }

        var removed = Path.Combine(_root, ".deleted-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.Move(Path.Combine(_root, name), removed);
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        Directory.Delete(removed, recursive: true);
        return true;
    }

    /// <summary>The bucket's objects whose key starts with <paramref name="prefix"/> and sorts after <paramref name="after"/>, by key.</summary>
    public IReadOnlyList<StoredObject> ListObjects(string bucket, string prefix, string after)
    {
        var objects = _listings.GetOrAdd(bucket, name => new ObjectListing(ObjectsDirectory(name), _probes, ParseObject)).Current();
        var start = FirstAfter(objects, string.CompareOrdinal(prefix, after) > 0 ? null : after, prefix);
        var found = new List<StoredObject>();
        for (var i = start; i < objects.Length && objects[i].Key.StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            if (string.CompareOrdinal(objects[i].Key, after) > 0)
            {
                found.Add(objects[i]);
            }
        }

        return found;
    }

    /// <summary>The index of the first object whose key sorts after <paramref name="after"/> (or at or after <paramref name="prefix"/> when null).</summary>
    private static int FirstAfter(StoredObject[] objects, string? after, string prefix)
    {
        var (low, high) = (0, objects.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            var before = after is null ? string.CompareOrdinal(objects[middle].Key, prefix) < 0 : string.CompareOrdinal(objects[middle].Key, after) <= 0;
            if (before)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
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
        if (OpenObject(sourceBucket, source) is not { } opened)
        {
            return null;
        }

        (source, var data) = opened;
        await using (var input = data)
        {
            await using var output = new FileStream(Path.Combine(ObjectsDirectory(bucket), dataFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await input.CopyToAsync(output, cancellationToken);
        }

        var stored = new StoredObject(key, dataFile, source.Size, source.ETag, _time.GetUtcNow(), contentType, metadata, tags);
        return await CommitAsync(bucket, stored, cancellationToken) ? stored : null;
    }

    /// <summary>Deletes an object: its metadata file first (the commit), then its bytes; false when there was none.</summary>
    public bool DeleteObject(string bucket, string key)
    {
        if (FindObject(bucket, key) is not { } removed)
        {
            return false;
        }

        File.Delete(MetaPath(bucket, key));
        File.Delete(Path.Combine(ObjectsDirectory(bucket), removed.DataFile));
        return true;
    }

    /// <summary>Opens an object's bytes; null when they are gone (the object was replaced or deleted since it was read).</summary>
    public Stream? OpenData(string bucket, StoredObject stored)
    {
        try
        {
            return new FileStream(Path.Combine(ObjectsDirectory(bucket), stored.DataFile), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Finds an object and opens its bytes, reading its metadata again when another writer replaced it in between;
    /// null when the object is gone.</summary>
    public (StoredObject Stored, Stream Data)? OpenObject(string bucket, StoredObject stored)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (OpenData(bucket, stored) is { } data)
            {
                return (stored, data);
            }

            if (FindObject(bucket, stored.Key) is not { } again)
            {
                return null;
            }

            stored = again;
        }

        return null;
    }

    /// <summary>A fresh name for an object's bytes in <see cref="ObjectsDirectory"/>.</summary>
    public static string NewDataFileName(string key) => Hash(key) + "." + Guid.NewGuid().ToString("N") + ".data";

    /// <summary>Commits an object whose bytes the caller already wrote to <see cref="ObjectsDirectory"/> under
    /// <see cref="StoredObject.DataFile"/> (a completed multipart upload); false when the bucket is gone.</summary>
    public Task<bool> CommitWrittenAsync(string bucket, StoredObject stored, CancellationToken cancellationToken) =>
        CommitAsync(bucket, stored, cancellationToken);

    private async Task<bool> CommitAsync(string bucket, StoredObject stored, CancellationToken cancellationToken, bool keepData = false)
    {
        var previous = FindObject(bucket, stored.Key);
        try
        {
            await AtomicFile.WriteAllBytesAsync(MetaPath(bucket, stored.Key), JsonSerializer.SerializeToUtf8Bytes(ObjectJson.From(stored), Json), cancellationToken);
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }

        if (!keepData && previous is not null && previous.DataFile != stored.DataFile)
        {
            File.Delete(Path.Combine(ObjectsDirectory(bucket), previous.DataFile));
        }

        return true;
    }

    private StoredBucket? ReadBucket(string name)
    {
        try
        {
            return JsonSerializer.Deserialize<BucketJson>(File.ReadAllBytes(Path.Combine(_root, name, BucketFile)), Json)!.To();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static StoredObject ParseObject(byte[] json) => JsonSerializer.Deserialize<ObjectJson>(json, Json)!.To();

    /// <summary>
    /// Removes what a gateway killed mid-write left behind: staging and deleted bucket folders, and object bytes no
    /// metadata names, when older than <see cref="OrphanAge"/> on the file system's clock (younger ones may belong to a
    /// write another gateway has not committed yet).
    /// </summary>
    private void RemoveLeftovers()
    {
        var old = ObjectListing.FileSystemNow(_probes) - OrphanAge;
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith(".new-", StringComparison.Ordinal) || name.StartsWith(".deleted-", StringComparison.Ordinal))
            {
                if (Directory.GetLastWriteTimeUtc(directory) < old)
                {
                    Directory.Delete(directory, recursive: true);
                }

                continue;
            }

            var objects = Path.Combine(directory, "objects");
            if (name.StartsWith('.') || !Directory.Exists(objects))
            {
                continue;
            }

            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var meta in Directory.EnumerateFiles(objects, "*.meta"))
            {
                try
                {
                    referenced.Add(ParseObject(File.ReadAllBytes(meta)).DataFile);
                }
                catch (FileNotFoundException)
                {
                    // Deleted meanwhile by another gateway.
                }
            }

            foreach (var file in Directory.EnumerateFiles(objects))
            {
                var fileName = Path.GetFileName(file);
                var leftover = fileName.EndsWith(".data", StringComparison.Ordinal) ? !referenced.Contains(fileName) : fileName.EndsWith(".tmp", StringComparison.Ordinal);
                if (leftover && File.GetLastWriteTimeUtc(file) < old)
                {
                    File.Delete(file);
                }
            }
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
