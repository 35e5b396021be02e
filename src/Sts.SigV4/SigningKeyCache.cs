using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sts.SigV4;

/// <summary>Derived SigV4 signing keys per (access key, date, region, service), looked up by the scope text without allocating.</summary>
internal sealed class SigningKeyCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _capacity;

    public SigningKeyCache(int capacity)
    {
        _capacity = capacity;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Finds the entry for <c>akid/date/region/service</c>.</summary>
    public Entry? Find(ReadOnlySpan<char> scopeKey) => _lookup.TryGetValue(scopeKey, out Entry? entry) ? entry : null;

    public Entry Add(string scopeKey, string accessKeyId, string date, string region, string service, string secret)
    {
        byte[] key = new byte[SigV4Crypto.HashSize];
        SigV4Crypto.DeriveSigningKey(secret, date, region, service, key);
        var entry = new Entry(accessKeyId, date, region, service, secret, key);
        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }

        _entries[scopeKey] = entry;
        return entry;
    }

    internal sealed class Entry(string accessKeyId, string date, string region, string service, string secret, byte[] key)
    {
        public string AccessKeyId { get; } = accessKeyId;

        public string Date { get; } = date;

        public string Region { get; } = region;

        public string Service { get; } = service;

        public string Secret { get; } = secret;

        private IncrementalHash? _hmac;

        public byte[] Key { get; } = key;

        /// <summary>HMAC-SHA256 with <see cref="Key"/>; reuses one keyed instance (a one-slot pool), which is much cheaper than keying per call.</summary>
        public void Mac(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            IncrementalHash hmac = Interlocked.Exchange(ref _hmac, null) ?? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);
            hmac.AppendData(data);
            hmac.GetHashAndReset(destination);
            if (Interlocked.CompareExchange(ref _hmac, hmac, null) is not null)
            {
                hmac.Dispose();
            }
        }
    }
}
