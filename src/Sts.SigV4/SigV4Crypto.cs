using System.Security.Cryptography;
using System.Text;

namespace Sts.SigV4;

/// <summary>SigV4 key derivation, string-to-sign assembly and the one fixed-time comparison helper.</summary>
internal static class SigV4Crypto
{
    public const int HashSize = 32;

    public const int HexHashSize = 64;

    public static ReadOnlySpan<byte> EmptyHashHex => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"u8;

    public const string EmptyHashHexString = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>One reusable SHA-256 context per thread: reusing it is cheaper than the one-shot call, which sets one up and frees it every time.</summary>
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>SHA-256 of <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        IncrementalHash hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    public static void DeriveSigningKey(ReadOnlySpan<char> secret, ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service, Span<byte> destination)
    {
        var buffer = new ByteBuffer(256);
        try
        {
            buffer.Add("AWS4"u8);
            buffer.AddText(secret);
            int secretLength = buffer.Length;
            buffer.AddText(date);
            Span<byte> key = stackalloc byte[HashSize];
            HMACSHA256.HashData(buffer.WrittenSpan[..secretLength], buffer.WrittenSpan[secretLength..], key);
            buffer.Truncate(0);
            buffer.AddText(region);
            HMACSHA256.HashData(key, buffer.WrittenSpan, key);
            buffer.Truncate(0);
            buffer.AddText(service);
            HMACSHA256.HashData(key, buffer.WrittenSpan, key);
            HMACSHA256.HashData(key, "aws4_request"u8, destination);
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(buffer.Array.AsSpan(0, Math.Max(buffer.Length, secretLength)));
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Writes <c>yyyyMMddTHHmmssZ</c> (16 bytes).</summary>
    public static void WriteAmzDate(DateTimeOffset time, Span<byte> destination)
    {
        DateTime t = time.UtcDateTime;
        t.Deconstruct(out int year, out int month, out int day);
        int secondOfDay = (int)(t.Ticks % TimeSpan.TicksPerDay / TimeSpan.TicksPerSecond);
        int hour = secondOfDay / 3600;
        int minute = secondOfDay / 60 % 60;
        Write4(year, destination);
        Write2(month, destination[4..]);
        Write2(day, destination[6..]);
        destination[8] = (byte)'T';
        Write2(hour, destination[9..]);
        Write2(minute, destination[11..]);
        Write2(secondOfDay % 60, destination[13..]);
        destination[15] = (byte)'Z';
    }

    /// <summary>Writes <c>algorithm\namzDate\nscope\nhex(hash)</c>.</summary>
    public static void WriteStringToSign(ref ByteBuffer buffer, scoped ReadOnlySpan<byte> algorithm, DateTimeOffset time, scoped ReadOnlySpan<char> scope, scoped ReadOnlySpan<byte> canonicalRequestHash)
    {
        buffer.Add(algorithm);
        buffer.Add((byte)'\n');
        WriteAmzDate(time, buffer.Reserve(16));
        buffer.Add((byte)'\n');
        buffer.AddText(scope);
        buffer.Add((byte)'\n');
        Hex.WriteLower(canonicalRequestHash, buffer.Reserve(HexHashSize));
    }

    /// <summary>The only comparison of signatures in this library: fixed time.</summary>
    public static bool FixedTimeEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) =>
        CryptographicOperations.FixedTimeEquals(left, right);

    /// <summary>Parses <c>yyyyMMddTHHmmssZ</c> strictly.</summary>
    public static bool TryParseAmzDate(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length != 16 || text[8] != 'T' || text[15] != 'Z')
        {
            return false;
        }

        if (!TryDigits(text[..4], out int year) || !TryDigits(text.Slice(4, 2), out int month) || !TryDigits(text.Slice(6, 2), out int day) ||
            !TryDigits(text.Slice(9, 2), out int hour) || !TryDigits(text.Slice(11, 2), out int minute) || !TryDigits(text.Slice(13, 2), out int second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>True when <paramref name="scopeDate"/> (<c>yyyyMMdd</c>) is the UTC date of <paramref name="time"/>.</summary>
    public static bool ScopeDateMatches(ReadOnlySpan<char> scopeDate, DateTimeOffset time)
    {
        Span<byte> formatted = stackalloc byte[16];
        WriteAmzDate(time, formatted);
        if (scopeDate.Length != 8)
        {
            return false;
        }

        for (int i = 0; i < 8; i++)
        {
            if (scopeDate[i] != formatted[i])
            {
                return false;
            }
        }

        return true;
    }

    public static string Truncate(ReadOnlySpan<char> text, int max = 64)
    {
        var builder = new StringBuilder();
        ReadOnlySpan<char> shown = text.Length > max ? text[..max] : text;
        foreach (char c in shown)
        {
            builder.Append(c < 0x20 || c == 0x7F ? '?' : c);
        }

        if (text.Length > max)
        {
            builder.Append("...");
        }

        return builder.ToString();
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (char c in text)
        {
            if ((uint)(c - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static void Write2(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }

    private static void Write4(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + (value / 1000));
        destination[1] = (byte)('0' + (value / 100 % 10));
        destination[2] = (byte)('0' + (value / 10 % 10));
        destination[3] = (byte)('0' + (value % 10));
    }
}
