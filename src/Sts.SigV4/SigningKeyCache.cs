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

        /// <summary>The keyed HMAC context this thread used last, with the entry it belongs to (one thread-static read per MAC).</summary>
        [ThreadStatic]
        private static ThreadHmac? t_last;

        /// <summary>One spare keyed context shared by all threads (a one-slot pool), for threads switching between keys.</summary>
        private IncrementalHash? _hmac;

        public byte[] Key { get; } = key;

        /// <summary>
        /// HMAC-SHA256 with <see cref="Key"/>. Keying an HMAC costs more than the MAC itself, so keyed contexts are reused:
        /// the calling thread's own context when it last served this key, else the entry's spare one, else a new one.
        /// GetHashAndReset keeps the key, so a context is never re-keyed.
        /// </summary>
        public void Mac(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            ThreadHmac last = t_last ??= new ThreadHmac();
            IncrementalHash? hmac = last.Hmac;
            if (!ReferenceEquals(last.Owner, this) || hmac is null)
            {
                hmac = Interlocked.Exchange(ref _hmac, null) ?? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);
                Entry? previousOwner = last.Owner;
                IncrementalHash? previous = last.Hmac;
                last.Owner = this;
                last.Hmac = hmac;

                // The context this thread held for another key goes back to that key's spare slot, or is freed.
                if (previous is not null && (previousOwner is null || Interlocked.CompareExchange(ref previousOwner._hmac, previous, null) is not null))
                {
                    previous.Dispose();
                }
            }

            hmac.AppendData(data);
            hmac.GetHashAndReset(destination);
        }

        private sealed class ThreadHmac
        {
            public Entry? Owner;

            public IncrementalHash? Hmac;
        }
    }
}
