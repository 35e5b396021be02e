using System.Text.Json;

namespace Sts.Gateway;

/// <summary>
/// One bucket's objects, sorted by key, cached per process and checked against the directory on every use: the cache
/// serves only while the objects directory's modification time is the one it was read at, and only when that time was
/// already in the past on the file system's own clock when the scan began (so a later change in the same clock tick
/// cannot hide behind an unchanged time). Every commit renames or removes a <c>.meta</c> file in the directory, so any
/// change made by any process sharing the directory moves its modification time and the next listing reads it again.
/// </summary>
internal sealed class ObjectListing(string directory, string probeDirectory, Func<byte[], StoredObject> parse)
{
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;

    private sealed record Snapshot(DateTime Modified, bool Settled, StoredObject[] Objects);

    /// <summary>The bucket's objects by key (ordinal); empty when the directory is gone.</summary>
    public StoredObject[] Current()
    {
        var modified = Directory.GetLastWriteTimeUtc(directory);
        var known = Volatile.Read(ref _snapshot);
        if (known is { Settled: true } && known.Modified == modified)
        {
            return known.Objects;
        }

        lock (_gate)
        {
            known = _snapshot;
            if (known is { Settled: true } && known.Modified == Directory.GetLastWriteTimeUtc(directory))
            {
                return known.Objects;
            }

            // The file system's clock first, then the directory's time, then its contents: a change after this read
            // either shows in the contents or moves the time past the probe.
            var now = FileSystemNow(probeDirectory);
            modified = Directory.GetLastWriteTimeUtc(directory);
            var objects = Read(directory, parse);
            var next = new Snapshot(modified, modified < now, objects);
            Volatile.Write(ref _snapshot, next);
            return objects;
        }
    }

    /// <summary>The file system's current time: the modification time of a file created now in <paramref name="probeDirectory"/>.</summary>
    public static DateTime FileSystemNow(string probeDirectory)
    {
        Directory.CreateDirectory(probeDirectory);
        var probe = Path.Combine(probeDirectory, Guid.NewGuid().ToString("N") + ".probe");
        File.WriteAllBytes(probe, []);
        try
        {
            return File.GetLastWriteTimeUtc(probe);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static StoredObject[] Read(string directory, Func<byte[], StoredObject> parse)
    {
        var objects = new List<StoredObject>();
        IEnumerable<string> metas;
        try
        {
            metas = Directory.EnumerateFiles(directory, "*.meta");
            foreach (var meta in metas)
            {
                try
                {
                    objects.Add(parse(File.ReadAllBytes(meta)));
                }
                catch (FileNotFoundException)
                {
                    // Deleted since the directory was read.
                }
                catch (JsonException)
                {
                    // Not an object record (metadata files are written whole, by rename): skip it.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return [.. objects];
    }
}
