using System.Runtime.CompilerServices;

namespace Sts.SigV4;

/// <summary>Lower-case hex without allocations.</summary>
internal static class Hex
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="source"/> as lower-case hex ASCII (vectorized); <paramref name="destination"/> holds at least twice its length.</summary>
    public static void WriteLower(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!Convert.TryToHexStringLower(source, destination, out _))
        {
            throw new ArgumentException("The destination is too small for the hex text.", nameof(destination));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LowerValue(int c)
    {
        if ((uint)(c - '0') <= 9)
        {
            return c - '0';
        }

        if ((uint)(c - 'a') <= 5)
        {
            return c - 'a' + 10;
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AnyCaseValue(int c)
    {
        int v = LowerValue(c);
        if (v >= 0)
        {
            return v;
        }

        if ((uint)(c - 'A') <= 5)
        {
            return c - 'A' + 10;
        }

        return -1;
    }

    /// <summary>Decodes lower-case hex; false when the length is odd, too long, or a digit is not lower-case hex.</summary>
    public static bool TryDecodeLower(ReadOnlySpan<char> hex, Span<byte> destination, out int written)
    {
        written = 0;
        if ((hex.Length & 1) != 0 || hex.Length / 2 > destination.Length)
        {
            return false;
        }

        for (int i = 0; i < hex.Length; i += 2)
        {
            int hi = LowerValue(hex[i]);
            int lo = LowerValue(hex[i + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            destination[written++] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    /// <summary>Decodes lower-case hex given as ASCII bytes.</summary>
    public static bool TryDecodeLower(ReadOnlySpan<byte> hex, Span<byte> destination, out int written)
    {
        written = 0;
        if ((hex.Length & 1) != 0 || hex.Length / 2 > destination.Length)
        {
            return false;
        }

        for (int i = 0; i < hex.Length; i += 2)
        {
            int hi = LowerValue(hex[i]);
            int lo = LowerValue(hex[i + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            destination[written++] = (byte)((hi << 4) | lo);
        }

        return true;
    }
}
