namespace Sts.Core.Stores;

/// <summary>The errors stores return.</summary>
internal static class StoreErrors
{
    public static StsError ConcurrentModification(string key) =>
        new("ConcurrentModification", $"The entity '{Truncate(key)}' was modified concurrently; retry the request.", 409);

    public static void ValidateBatch(IReadOnlyList<StoreWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one write.", nameof(writes));
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write, nameof(writes));
            ArgumentException.ThrowIfNullOrEmpty(write.Key, nameof(writes));
            if (write.ExpectedVersion < 0 || (write.ExpectedVersion == 0 && write.IsDelete))
            {
                throw new ArgumentException($"Invalid expected version {write.ExpectedVersion} for '{write.Key}'.", nameof(writes));
            }

            if (!keys.Add(write.Key))
            {
                throw new ArgumentException($"The key '{write.Key}' appears twice in one batch.", nameof(writes));
            }
        }
    }

    public static void ValidateList(string prefix, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
    }

    internal static string Truncate(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "...");
}
