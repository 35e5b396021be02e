using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Sts.SigV4;

/// <summary>
/// One pass over the request for the common shape of canonical request, written straight into a byte span: ASCII
/// throughout, the path as S3 sends it (or <c>/</c>), at most one query parameter, and header values with nothing to fold.
/// It writes exactly what <see cref="Canonicalizer.TryWriteCanonicalRequest(ref ByteBuffer, ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{KeyValuePair{string, string}}, ReadOnlySpan{char}, ReadOnlySpan{char}, bool, bool, out Range, bool)"/>
/// writes, or gives up (false) and leaves every other request, and every missing header, to it.
/// </summary>
internal static class CanonicalRequestFastPath
{
    private const string UnreservedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    private static readonly SearchValues<char> Unreserved = SearchValues.Create(UnreservedCharacters);

    private static readonly SearchValues<char> UnreservedOrSlash = SearchValues.Create(UnreservedCharacters + "/");

    private static ReadOnlySpan<byte> UpperHex => "0123456789ABCDEF"u8;

    /// <summary>Writes the canonical request into <paramref name="destination"/>; false when the request is not of the common shape or does not fit.</summary>
    public static bool TryWrite(
        Span<byte> destination,
        ReadOnlySpan<char> method,
        ReadOnlySpan<char> rawPath,
        ReadOnlySpan<char> rawQuery,
        ReadOnlySpan<KeyValuePair<string, string>> headers,
        ReadOnlySpan<char> signedHeaders,
        ReadOnlySpan<char> payloadHash,
        bool normalizePath,
        out int written)
    {
        written = 0;
        int position = 0;
        if (!TryCopyAscii(destination, ref position, method) || !TryAdd(destination, ref position, (byte)'\n'))
        {
            return false;
        }

        if (rawPath.IsEmpty || (normalizePath && rawPath is "/"))
        {
            if (!TryAdd(destination, ref position, (byte)'/'))
            {
                return false;
            }
        }
        else if (normalizePath || !TryEncode(destination, ref position, rawPath, UnreservedOrSlash, plusIsSpace: false))
        {
            return false;
        }

        if (!TryAdd(destination, ref position, (byte)'\n'))
        {
            return false;
        }

        if (!rawQuery.IsEmpty)
        {
            // One parameter: nothing to sort. Several go to the general canonicalizer.
            if (rawQuery.Contains('&'))
            {
                return false;
            }

            int equals = rawQuery.IndexOf('=');
            ReadOnlySpan<char> name = equals < 0 ? rawQuery : rawQuery[..equals];
            ReadOnlySpan<char> value = equals < 0 ? [] : rawQuery[(equals + 1)..];
            if (!TryEncode(destination, ref position, name, Unreserved, plusIsSpace: true)
                || !TryAdd(destination, ref position, (byte)'=')
                || !TryEncode(destination, ref position, value, Unreserved, plusIsSpace: true))
            {
                return false;
            }
        }

        if (!TryAdd(destination, ref position, (byte)'\n') || !TryWriteHeaders(destination, ref position, headers, signedHeaders))
        {
            return false;
        }

        if (!TryAdd(destination, ref position, (byte)'\n')
            || !TryCopyAscii(destination, ref position, signedHeaders)
            || !TryAdd(destination, ref position, (byte)'\n')
            || !TryCopyAscii(destination, ref position, payloadHash))
        {
            return false;
        }

        written = position;
        return true;
    }

    private static bool TryWriteHeaders(Span<byte> destination, ref int position, ReadOnlySpan<KeyValuePair<string, string>> headers, ReadOnlySpan<char> signedHeaders)
    {
        int start = 0;
        while (start < signedHeaders.Length)
        {
            // The name is copied while its end is looked for.
            Span<byte> free = destination[position..];
            int end = start;
            while (end < signedHeaders.Length)
            {
                char c = signedHeaders[end];
                if (c == ';')
                {
                    break;
                }

                int offset = end - start;
                if (c >= 0x80 || (uint)offset >= (uint)free.Length)
                {
                    return false;
                }

                free[offset] = (byte)c;
                end++;
            }

            ReadOnlySpan<char> name = signedHeaders[start..end];
            position += name.Length;
            if (!TryAdd(destination, ref position, (byte)':'))
            {
                return false;
            }

            bool found = false;
            for (int i = 0; i < headers.Length; i++)
            {
                string key = headers[i].Key;
                if (key.Length != name.Length)
                {
                    continue;
                }

                int match = CompareLowerName(key, name);
                if (match < 0)
                {
                    // A non-ASCII name of the same length: the general canonicalizer decides with full case folding.
                    return false;
                }

                if (match == 0)
                {
                    continue;
                }

                if ((found && !TryAdd(destination, ref position, (byte)',')) || !TryCopyPlainValue(destination, ref position, headers[i].Value))
                {
                    return false;
                }

                found = true;
            }

            if (!found || !TryAdd(destination, ref position, (byte)'\n'))
            {
                return false;
            }

            start = end + 1;
        }

        return true;
    }

    /// <summary>
    /// For a header name and a signed name of the same length (already known to be lower-case ASCII): 1 when they are
    /// equal ignoring case, 0 when they are not, -1 when that needs full case folding (a non-ASCII header name).
    /// </summary>
    private static int CompareLowerName(string key, ReadOnlySpan<char> lowerName)
    {
        // An ASCII first character that differs after folding decides: only a non-ASCII character can fold to an ASCII one.
        if (key.Length > 0)
        {
            int first = key[0];
            if ((uint)(first - 'A') <= 'Z' - 'A')
            {
                first |= 0x20;
            }

            if (first < 0x80 && first != lowerName[0])
            {
                return 0;
            }
        }

        if (Ascii.EqualsIgnoreCase(key, lowerName))
        {
            return 1;
        }

        return Ascii.IsValid(key) ? 0 : -1;
    }

    /// <summary>A header value with nothing to trim or fold: printable ASCII, single interior spaces only.</summary>
    private static bool TryCopyPlainValue(Span<byte> destination, ref int position, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        if (value[0] == ' ' || value[^1] == ' ' || value.Length > destination.Length - position)
        {
            return false;
        }

        ref byte target = ref destination[position];
        ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value));
        int length = value.Length;
        int i = 0;
        if (Vector128.IsHardwareAccelerated && length >= 8)
        {
            // Printable ASCII other than space: 0x21..0x7E. A block with a space (or anything else) is left to the scalar loop.
            Vector128<ushort> low = Vector128.Create((ushort)0x21);
            Vector128<ushort> span = Vector128.Create((ushort)(0x7E - 0x21));
            for (; i <= length - 8; i += 8)
            {
                Vector128<ushort> chars = Vector128.LoadUnsafe(ref source, (nuint)i);
                if (Vector128.GreaterThanAny(chars - low, span))
                {
                    break;
                }

                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, i), Vector128.Narrow(chars, chars).AsUInt64().ToScalar());
            }
        }

        for (; i < length; i++)
        {
            ushort c = Unsafe.Add(ref source, i);
            if (c == ' ')
            {
                // A run of spaces would be folded into one.
                if (Unsafe.Add(ref source, i + 1) == ' ')
                {
                    return false;
                }
            }
            else if ((uint)(c - 0x21) > 0x7E - 0x21)
            {
                return false;
            }

            Unsafe.Add(ref target, i) = (byte)c;
        }

        position += length;
        return true;
    }

    /// <summary>
    /// UriEncode as <see cref="Canonicalizer.EncodeComponent"/> does with decoding on: characters in <paramref name="copyAsIs"/> are copied,
    /// valid <c>%XX</c> escapes are decoded and encoded again, <c>+</c> is a space when <paramref name="plusIsSpace"/>, any other ASCII
    /// character is escaped; false for non-ASCII text.
    /// </summary>
    private static bool TryEncode(Span<byte> destination, ref int position, ReadOnlySpan<char> text, SearchValues<char> copyAsIs, bool plusIsSpace)
    {
        int i = 0;
        while (i < text.Length)
        {
            int run = text[i..].IndexOfAnyExcept(copyAsIs);
            int runLength = run < 0 ? text.Length - i : run;
            if (runLength > 0)
            {
                if (!TryCopyAscii(destination, ref position, text.Slice(i, runLength)))
                {
                    return false;
                }

                i += runLength;
                continue;
            }

            char c = text[i];
            if (c >= 0x80)
            {
                return false;
            }

            int b = c;
            if (c == '%' && i + 2 < text.Length)
            {
                int hi = Hex.AnyCaseValue(text[i + 1]);
                int lo = Hex.AnyCaseValue(text[i + 2]);
                if ((hi | lo) >= 0)
                {
                    b = (hi << 4) | lo;
                    i += 2;
                }
            }
            else if (c == '+' && plusIsSpace)
            {
                b = ' ';
            }

            if (!TryEncodeByte(destination, ref position, (byte)b))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private static bool TryEncodeByte(Span<byte> destination, ref int position, byte b)
    {
        if (IsUnreserved(b))
        {
            return TryAdd(destination, ref position, b);
        }

        if (position + 3 > destination.Length)
        {
            return false;
        }

        destination[position] = (byte)'%';
        destination[position + 1] = UpperHex[b >> 4];
        destination[position + 2] = UpperHex[b & 0xF];
        position += 3;
        return true;
    }

    private static bool IsUnreserved(byte b) =>
        (uint)(b - 'A') <= 'Z' - 'A' || (uint)(b - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAdd(Span<byte> destination, ref int position, byte value)
    {
        if ((uint)position >= (uint)destination.Length)
        {
            return false;
        }

        destination[position++] = value;
        return true;
    }

    /// <summary>Copies ASCII text as bytes; false for non-ASCII text or when it does not fit.</summary>
    private static bool TryCopyAscii(Span<byte> destination, ref int position, ReadOnlySpan<char> text)
    {
        if (text.Length > destination.Length - position)
        {
            return false;
        }

        if (text.IsEmpty)
        {
            return true;
        }

        ref byte target = ref destination[position];
        ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        int length = text.Length;
        if (Vector128.IsHardwareAccelerated && length >= 8)
        {
            Vector128<ushort> nonAscii = Vector128.Create((ushort)0xFF80);
            int i = 0;
            while (true)
            {
                // The last step overlaps the previous one instead of falling back to a scalar tail.
                if (i > length - 8)
                {
                    i = length - 8;
                }

                Vector128<ushort> chars = Vector128.LoadUnsafe(ref source, (nuint)i);
                if ((chars & nonAscii) != Vector128<ushort>.Zero)
                {
                    return false;
                }

                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, i), Vector128.Narrow(chars, chars).AsUInt64().ToScalar());
                i += 8;
                if (i >= length)
                {
                    break;
                }
            }
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                ushort c = Unsafe.Add(ref source, i);
                if (c > 0x7F)
                {
                    return false;
                }

                Unsafe.Add(ref target, i) = (byte)c;
            }
        }

        position += length;
        return true;
    }
}
