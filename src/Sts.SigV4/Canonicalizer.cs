using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Sts.SigV4;

/// <summary>Builds the SigV4 canonical request from raw request parts (AWS test-suite rules).</summary>
internal static class Canonicalizer
{
    private const int StackSegments = 64;

    private const string UnreservedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    private static readonly SearchValues<char> Unreserved = SearchValues.Create(UnreservedCharacters);
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n");

    private static readonly SearchValues<char> UnreservedOrSlash = SearchValues.Create(UnreservedCharacters + "/");

    private static ReadOnlySpan<byte> UpperHex => "0123456789ABCDEF"u8;

    /// <summary>The headers as a span without copying for the usual list and array types (other lists are copied).</summary>
    public static ReadOnlySpan<KeyValuePair<string, string>> AsSpan(IReadOnlyList<KeyValuePair<string, string>> headers) => headers switch
    {
        KeyValuePair<string, string>[] array => array,
        List<KeyValuePair<string, string>> list => CollectionsMarshal.AsSpan(list),
        _ => headers.ToArray(),
    };

    /// <summary>Writes the whole canonical request; see the span overload.</summary>
    public static bool TryWriteCanonicalRequest(
        ref ByteBuffer buffer,
        ReadOnlySpan<char> method,
        ReadOnlySpan<char> rawPath,
        ReadOnlySpan<char> rawQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<char> signedHeaders,
        ReadOnlySpan<char> payloadHash,
        bool normalizePath,
        bool dropSignatureParameter,
        out Range missing,
        bool dropSessionTokenParameter = false) =>
        TryWriteCanonicalRequest(ref buffer, method, rawPath, rawQuery, AsSpan(headers), signedHeaders, payloadHash, normalizePath, dropSignatureParameter, out missing, dropSessionTokenParameter);

    /// <summary>
    /// Writes the whole canonical request. Returns false when a header listed in <paramref name="signedHeaders"/>
    /// is absent; <paramref name="missing"/> is then its range inside <paramref name="signedHeaders"/>.
    /// </summary>
    public static bool TryWriteCanonicalRequest(
        ref ByteBuffer buffer,
        ReadOnlySpan<char> method,
        ReadOnlySpan<char> rawPath,
        ReadOnlySpan<char> rawQuery,
        ReadOnlySpan<KeyValuePair<string, string>> headers,
        ReadOnlySpan<char> signedHeaders,
        ReadOnlySpan<char> payloadHash,
        bool normalizePath,
        bool dropSignatureParameter,
        out Range missing,
        bool dropSessionTokenParameter = false)
    {
        buffer.AddText(method);
        buffer.Add((byte)'\n');
        if (normalizePath)
        {
            WriteNormalizedPath(ref buffer, rawPath);
        }
        else
        {
            WriteS3Path(ref buffer, rawPath);
        }

        buffer.Add((byte)'\n');
        WriteQuery(ref buffer, rawQuery, dropSignatureParameter, dropSessionTokenParameter);
        buffer.Add((byte)'\n');
        if (!TryWriteHeaders(ref buffer, headers, signedHeaders, out missing))
        {
            return false;
        }

        buffer.Add((byte)'\n');
        buffer.AddText(signedHeaders);
        buffer.Add((byte)'\n');
        buffer.AddText(payloadHash);
        return true;
    }

    /// <summary>S3 rule: the wire path decoded once and encoded once; literal slashes, dot segments and empty segments kept.</summary>
    public static void WriteS3Path(ref ByteBuffer buffer, scoped ReadOnlySpan<char> rawPath)
    {
        if (rawPath.IsEmpty)
        {
            buffer.Add((byte)'/');
            return;
        }

        EncodeComponent(ref buffer, rawPath, decode: true, plusIsSpace: false, keepLiteralSlash: true);
    }

    /// <summary>Non-S3 rule: RFC 3986 dot-segment removal, repeated slashes collapsed, then the wire text encoded again.</summary>
    public static void WriteNormalizedPath(ref ByteBuffer buffer, scoped ReadOnlySpan<char> rawPath)
    {
        int maxSegments = rawPath.Count('/') + 1;
        Span<int> starts = maxSegments <= StackSegments ? stackalloc int[maxSegments] : new int[maxSegments];
        Span<int> lengths = maxSegments <= StackSegments ? stackalloc int[maxSegments] : new int[maxSegments];
        int count = 0;
        int position = 0;
        while (position <= rawPath.Length)
        {
            int slash = rawPath[position..].IndexOf('/');
            int end = slash < 0 ? rawPath.Length : position + slash;
            ReadOnlySpan<char> segment = rawPath[position..end];
            if (segment.Length == 0 || segment is ".")
            {
                // dropped
            }
            else if (segment is "..")
            {
                if (count > 0)
                {
                    count--;
                }
            }
            else
            {
                starts[count] = position;
                lengths[count] = segment.Length;
                count++;
            }

            position = end + 1;
        }

        buffer.Add((byte)'/');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                buffer.Add((byte)'/');
            }

            EncodeComponent(ref buffer, rawPath.Slice(starts[i], lengths[i]), decode: false, plusIsSpace: false, keepLiteralSlash: true);
        }

        if (count > 0 && rawPath[^1] == '/')
        {
            buffer.Add((byte)'/');
        }
    }

    /// <summary>Query rule: split on <c>&amp;</c>, decode, re-encode, sort by name then value (bytewise), <c>name=</c> for valueless.</summary>
    public static void WriteQuery(ref ByteBuffer buffer, scoped ReadOnlySpan<char> rawQuery, bool dropSignatureParameter, bool dropSessionTokenParameter = false)
    {
        if (rawQuery.IsEmpty)
        {
            return;
        }

        if (!rawQuery.Contains('&'))
        {
            // One parameter: nothing to sort, so it is encoded straight into the canonical request.
            int equals = rawQuery.IndexOf('=');
            ReadOnlySpan<char> name = equals < 0 ? rawQuery : rawQuery[..equals];
            if ((dropSignatureParameter && name is "X-Amz-Signature") || (dropSessionTokenParameter && name is "X-Amz-Security-Token"))
            {
                return;
            }

            EncodeComponent(ref buffer, name, decode: true, plusIsSpace: true, keepLiteralSlash: false);
            buffer.Add((byte)'=');
            EncodeComponent(ref buffer, equals < 0 ? [] : rawQuery[(equals + 1)..], decode: true, plusIsSpace: true, keepLiteralSlash: false);
            return;
        }

        int maxParams = rawQuery.Count('&') + 1;
        QueryParameter[]? rented = null;
        Span<QueryParameter> parameters = maxParams <= StackSegments
            ? stackalloc QueryParameter[maxParams]
            : (rented = System.Buffers.ArrayPool<QueryParameter>.Shared.Rent(maxParams));
        var scratch = new ByteBuffer(rawQuery.Length * 3 + 16);
        try
        {
            int count = 0;
            foreach (Range range in rawQuery.Split('&'))
            {
                ReadOnlySpan<char> pair = rawQuery[range];
                if (pair.IsEmpty)
                {
                    continue;
                }

                int equals = pair.IndexOf('=');
                ReadOnlySpan<char> name = equals < 0 ? pair : pair[..equals];
                ReadOnlySpan<char> value = equals < 0 ? [] : pair[(equals + 1)..];
                if ((dropSignatureParameter && name is "X-Amz-Signature") || (dropSessionTokenParameter && name is "X-Amz-Security-Token"))
                {
                    continue;
                }

                int nameStart = scratch.Length;
                EncodeComponent(ref scratch, name, decode: true, plusIsSpace: true, keepLiteralSlash: false);
                int valueStart = scratch.Length;
                EncodeComponent(ref scratch, value, decode: true, plusIsSpace: true, keepLiteralSlash: false);
                parameters[count++] = new QueryParameter(nameStart, valueStart - nameStart, valueStart, scratch.Length - valueStart);
            }

            Span<QueryParameter> used = parameters[..count];
            var comparer = new QueryParameterComparer(scratch.Array);
            if (used.Length <= 32)
            {
                // Insertion sort: no delegate or boxing for the common small query.
                for (int i = 1; i < used.Length; i++)
                {
                    QueryParameter item = used[i];
                    int j = i - 1;
                    while (j >= 0 && comparer.Compare(used[j], item) > 0)
                    {
                        used[j + 1] = used[j];
                        j--;
                    }

                    used[j + 1] = item;
                }
            }
            else
            {
                used.Sort(comparer);
            }

            ReadOnlySpan<byte> bytes = scratch.Array;
            for (int i = 0; i < used.Length; i++)
            {
                if (i > 0)
                {
                    buffer.Add((byte)'&');
                }

                QueryParameter p = used[i];
                buffer.Add(bytes.Slice(p.NameStart, p.NameLength));
                buffer.Add((byte)'=');
                buffer.Add(bytes.Slice(p.ValueStart, p.ValueLength));
            }
        }
        finally
        {
            scratch.Dispose();
            if (rented is not null)
            {
                System.Buffers.ArrayPool<QueryParameter>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes one <c>name:value\n</c> line per signed header; values trimmed, whitespace runs collapsed, repeats joined with commas.</summary>
    public static bool TryWriteHeaders(
        ref ByteBuffer buffer,
        ReadOnlySpan<KeyValuePair<string, string>> headers,
        ReadOnlySpan<char> signedHeaders,
        out Range missing)
    {
        missing = default;
        int count = headers.Length;
        int position = 0;
        while (position < signedHeaders.Length)
        {
            int semicolon = signedHeaders[position..].IndexOf(';');
            int end = semicolon < 0 ? signedHeaders.Length : position + semicolon;
            ReadOnlySpan<char> name = signedHeaders[position..end];
            buffer.AddText(name);
            buffer.Add((byte)':');
            bool found = false;
            for (int i = 0; i < count; i++)
            {
                KeyValuePair<string, string> header = headers[i];
                if (header.Key.Length == name.Length && header.Key.AsSpan().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    if (found)
                    {
                        buffer.Add((byte)',');
                    }

                    WriteHeaderValue(ref buffer, header.Value);
                    found = true;
                }
            }

            if (!found)
            {
                missing = new Range(position, end);
                return false;
            }

            buffer.Add((byte)'\n');
            position = end + 1;
        }

        return true;
    }

    /// <summary>Trims the value and collapses every run of whitespace (space, tab, CR, LF) into one space.</summary>
    public static void WriteHeaderValue(ref ByteBuffer buffer, scoped ReadOnlySpan<char> value)
    {
        if (!value.ContainsAny(Whitespace))
        {
            buffer.AddText(value);
            return;
        }

        value = value.Trim(" \t\r\n");
        if (value.IndexOfAny('\t', '\r', '\n') < 0 && !value.Contains("  ", StringComparison.Ordinal))
        {
            buffer.AddText(value);
            return;
        }

        int runStart = 0;
        bool inSpace = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool space = c is ' ' or '\t' or '\r' or '\n';
            if (space && !inSpace)
            {
                buffer.AddText(value[runStart..i]);
                buffer.Add((byte)' ');
                inSpace = true;
            }
            else if (!space && inSpace)
            {
                runStart = i;
                inSpace = false;
            }
        }

        if (!inSpace)
        {
            buffer.AddText(value[runStart..]);
        }
    }

    /// <summary>
    /// UriEncode: keep <c>A-Z a-z 0-9 - _ . ~</c>, percent-encode every other UTF-8 byte in upper-case hex.
    /// With <paramref name="decode"/>, valid <c>%XX</c> sequences (and <c>+</c> when <paramref name="plusIsSpace"/>) are decoded first.
    /// </summary>
    public static void EncodeComponent(ref ByteBuffer buffer, scoped ReadOnlySpan<char> text, bool decode, bool plusIsSpace, bool keepLiteralSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        SearchValues<char> copyAsIs = keepLiteralSlash ? UnreservedOrSlash : Unreserved;
        for (int i = 0; i < text.Length; i++)
        {
            int run = text[i..].IndexOfAnyExcept(copyAsIs);
            if (run != 0)
            {
                int length = run < 0 ? text.Length - i : run;
                buffer.AddText(text.Slice(i, length));
                i += length - 1;
                continue;
            }

            char c = text[i];
            if (c == '/' && keepLiteralSlash)
            {
                buffer.Add((byte)'/');
                continue;
            }

            if (decode && c == '%' && i + 2 < text.Length)
            {
                int hi = Hex.AnyCaseValue(text[i + 1]);
                int lo = Hex.AnyCaseValue(text[i + 2]);
                if ((hi | lo) >= 0)
                {
                    EncodeByte(ref buffer, (byte)((hi << 4) | lo));
                    i += 2;
                    continue;
                }
            }

            if (decode && plusIsSpace && c == '+')
            {
                EncodeByte(ref buffer, (byte)' ');
                continue;
            }

            if (c < 0x80)
            {
                EncodeByte(ref buffer, (byte)c);
                continue;
            }

            if (Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }

            int written = rune.EncodeToUtf8(utf8);
            for (int k = 0; k < written; k++)
            {
                EncodeByte(ref buffer, utf8[k]);
            }

            i += consumed - 1;
        }
    }

    private static void EncodeByte(ref ByteBuffer buffer, byte b)
    {
        if (IsUnreserved(b))
        {
            buffer.Add(b);
            return;
        }

        Span<byte> escaped = buffer.Reserve(3);
        escaped[0] = (byte)'%';
        escaped[1] = UpperHex[b >> 4];
        escaped[2] = UpperHex[b & 0xF];
    }

    private static bool IsUnreserved(byte b) =>
        (uint)(b - 'A') <= 'Z' - 'A' || (uint)(b - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private readonly record struct QueryParameter(int NameStart, int NameLength, int ValueStart, int ValueLength);

    private readonly struct QueryParameterComparer(byte[] bytes) : IComparer<QueryParameter>
    {
        public int Compare(QueryParameter x, QueryParameter y)
        {
            ReadOnlySpan<byte> all = bytes;
            int byName = all.Slice(x.NameStart, x.NameLength).SequenceCompareTo(all.Slice(y.NameStart, y.NameLength));
            return byName != 0 ? byName : all.Slice(x.ValueStart, x.ValueLength).SequenceCompareTo(all.Slice(y.ValueStart, y.ValueLength));
        }
    }
}
