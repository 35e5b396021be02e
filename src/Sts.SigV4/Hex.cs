using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// Decodes text already checked to be lower-case hex digits (<c>[0-9a-f]</c>, even length) into
    /// <paramref name="destination"/> (half its length), 32 digits per vector step. Other text gives unspecified bytes.
    /// </summary>
    public static void DecodeCheckedLower(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if ((hex.Length & 1) != 0 || hex.Length / 2 > destination.Length)
        {
            throw new ArgumentException("The hex text has an odd length or the destination is too small.", nameof(hex));
        }

        ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(hex));
        ref byte target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> nine = Vector128.Create((byte)'9');
            Vector128<byte> letterOffset = Vector128.Create((byte)9);
            Vector128<byte> lowNibble = Vector128.Create((byte)0x0F);
            Vector128<ushort> lowByte = Vector128.Create((ushort)0x00FF);
            for (; i <= hex.Length - 32; i += 32)
            {
                Vector128<ushort> first = PairsToBytes(
                    Vector128.Narrow(Vector128.LoadUnsafe(ref source, (nuint)i), Vector128.LoadUnsafe(ref source, (nuint)(i + 8))), nine, letterOffset, lowNibble, lowByte);
                Vector128<ushort> second = PairsToBytes(
                    Vector128.Narrow(Vector128.LoadUnsafe(ref source, (nuint)(i + 16)), Vector128.LoadUnsafe(ref source, (nuint)(i + 24))), nine, letterOffset, lowNibble, lowByte);
                Vector128.Narrow(first, second).StoreUnsafe(ref target, (nuint)(i / 2));
            }
        }

        for (; i < hex.Length; i += 2)
        {
            int hi = Unsafe.Add(ref source, i);
            int lo = Unsafe.Add(ref source, i + 1);
            Unsafe.Add(ref target, i / 2) = (byte)((((hi & 0xF) + (hi > '9' ? 9 : 0)) << 4) | ((lo & 0xF) + (lo > '9' ? 9 : 0)));
        }
    }

    /// <summary>16 hex digits as bytes to 8 values, each in the low byte of a 16-bit lane: digit value is (c &amp; 0xF), plus 9 for a-f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> PairsToBytes(Vector128<byte> digits, Vector128<byte> nine, Vector128<byte> letterOffset, Vector128<byte> lowNibble, Vector128<ushort> lowByte)
    {
        Vector128<ushort> values = ((digits & lowNibble) + (Vector128.GreaterThan(digits, nine) & letterOffset)).AsUInt16();

        // Each lane holds the high digit in its low byte and the low digit in its high byte.
        return ((values << 4) | (values >> 8)) & lowByte;
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
