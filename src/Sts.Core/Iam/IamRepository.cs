using System.Text.Json;
using System.Text.Json.Serialization;
using Sts.Core.Stores;

namespace Sts.Core.Iam;

/// <summary>Typed access to IAM records through the cache: JSON encoding, decoded-object memoization, batches.</summary>
internal sealed class IamRepository(IamStoreCache cache)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public IamStoreCache Cache { get; } = cache;

    public async ValueTask<Stored<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        var entry = Cache.TryGetFresh(key) ?? await Cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return Decode<T>(entry);
    }

    /// <summary>The decoded record when the cache holds a fresh entry (null value: known deleted); no I/O, no allocation on a hit.</summary>
    public bool TryGetCached<T>(string key, out Stored<T>? value)
        where T : class
    {
        var entry = Cache.TryGetFresh(key);
        value = entry is null ? null : Decode<T>(entry);
        return entry is not null;
    }

    public ValueTask<StsResult<IReadOnlyList<long>>> WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken) =>
        Cache.WriteAsync(writes, cancellationToken);

    public async ValueTask<(List<Stored<T>> Items, bool IsTruncated)> ListAsync<T>(string prefix, string? afterKey, int maxItems, CancellationToken cancellationToken)
        where T : class
    {
        var page = await Cache.Store.ListAsync(prefix, afterKey, maxItems, cancellationToken).ConfigureAwait(false);
        var items = new List<Stored<T>>(page.Records.Count);
        foreach (var record in page.Records)
        {
            items.Add(new Stored<T>(record.Key, record.Version, Deserialize<T>(record.Value), record.Secret));
        }

        return (items, page.IsTruncated);
    }

    public static StoreWrite Put<T>(string key, long expectedVersion, T value, string? secret = null) =>
        new(key, expectedVersion, JsonSerializer.Serialize(value, Json), secret);

    public static StoreWrite Put<T>(Stored<T>? current, string key, T value, string? secret = null)
        where T : class =>
        Put(key, current?.Version ?? 0, value, secret);

    public static Stored<T>? Decode<T>(IamStoreCache.Entry entry)
        where T : class
    {
        if (entry.Decoded is Stored<T> decoded)
        {
            return decoded;
        }

        if (entry.Record is not { } record)
        {
            return null;
        }

        decoded = new Stored<T>(record.Key, record.Version, Deserialize<T>(record.Value), record.Secret);
        entry.Decoded = decoded;
        return decoded;
    }

    private static T Deserialize<T>(string value) =>
        JsonSerializer.Deserialize<T>(value, Json) ?? throw new InvalidDataException($"A stored {typeof(T).Name} record is empty.");
}
