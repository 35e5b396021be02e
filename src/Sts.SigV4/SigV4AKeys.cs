using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sts.SigV4;

/// <summary>
/// SigV4A key derivation (NIST SP 800-108 counter-mode KDF with HMAC-SHA256, as aws-c-auth
/// <c>key_derivation.c</c>) and a cache of the derived public keys per access key.
/// </summary>
internal sealed class SigV4AKeys
{
    // P-256 group order minus 2, big-endian.
    private static ReadOnlySpan<byte> OrderMinusTwo =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x4F,
    ];

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _capacity;

    public SigV4AKeys(int capacity)
    {
        _capacity = capacity;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public Entry? Find(ReadOnlySpan<char> accessKeyId) => _lookup.TryGetValue(accessKeyId, out Entry? entry) ? entry : null;

    public Entry Add(string accessKeyId, string secret)
    {
        byte[] d = DerivePrivateKey(accessKeyId, secret);
        ECParameters publicParameters;
        using (ECDsa full = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d }))
        {
            publicParameters = full.ExportParameters(includePrivateParameters: false);
        }

        CryptographicOperations.ZeroMemory(d);
        var entry = new Entry(accessKeyId, secret, ECDsa.Create(publicParameters));
        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }

        _entries[accessKeyId] = entry;
        return entry;
    }

    /// <summary>The private scalar d for the key pair; callers own (and should zero) the array.</summary>
    public static byte[] DerivePrivateKey(string accessKeyId, string secret)
    {
        byte[] key = Encoding.UTF8.GetBytes("AWS4A" + secret);
        byte[] akid = Encoding.UTF8.GetBytes(accessKeyId);
        const string Label = "AWS4-ECDSA-P256-SHA256";
        byte[] input = new byte[4 + Label.Length + 1 + akid.Length + 1 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(input, 1);
        Encoding.ASCII.GetBytes(Label, input.AsSpan(4));
        input[4 + Label.Length] = 0;
        akid.CopyTo(input, 4 + Label.Length + 1);
        int counterIndex = 4 + Label.Length + 1 + akid.Length;
        BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(counterIndex + 1), 256);
        byte[] k0 = new byte[32];
        try
        {
            for (int counter = 1; counter <= 254; counter++)
            {
                input[counterIndex] = (byte)counter;
                HMACSHA256.HashData(key, input, k0);
                if (IsAtMostOrderMinusTwo(k0))
                {
                    AddOne(k0);
                    byte[] d = k0;
                    k0 = new byte[32];
                    return d;
                }
            }

            throw new CryptographicException("SigV4A key derivation exhausted its counter.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(k0);
        }
    }

    /// <summary>Constant-time k0 ≤ n − 2: computes (n − 2) − k0 and looks only at the final borrow.</summary>
    private static bool IsAtMostOrderMinusTwo(ReadOnlySpan<byte> k0)
    {
        int borrow = 0;
        for (int i = 31; i >= 0; i--)
        {
            int difference = OrderMinusTwo[i] - k0[i] - borrow;
            borrow = (difference >> 8) & 1;
        }

        return borrow == 0;
    }

    private static void AddOne(Span<byte> value)
    {
        int carry = 1;
        for (int i = value.Length - 1; i >= 0; i--)
        {
            int sum = value[i] + carry;
            value[i] = (byte)sum;
            carry = sum >> 8;
        }
    }

    internal sealed class Entry(string accessKeyId, string secret, ECDsa publicKey)
    {
        public string AccessKeyId { get; } = accessKeyId;

        public string Secret { get; } = secret;

        public ECDsa PublicKey { get; } = publicKey;
    }
}
