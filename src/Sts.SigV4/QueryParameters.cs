using System.Text;

namespace Sts.SigV4;

/// <summary>Finds and decodes single query parameters by exact (case-sensitive) name.</summary>
internal static class QueryParameters
{
    /// <summary>Counts parameters named <paramref name="name"/> and returns the raw value range of the last one.</summary>
    public static int Find(ReadOnlySpan<char> rawQuery, ReadOnlySpan<char> name, out Range value)
    {
        value = default;
        int found = 0;
        int position = 0;
        while (position < rawQuery.Length)
        {
            int amp = rawQuery[position..].IndexOf('&');
            int end = amp < 0 ? rawQuery.Length : position + amp;
            ReadOnlySpan<char> pair = rawQuery[position..end];
            int equals = pair.IndexOf('=');
            ReadOnlySpan<char> key = equals < 0 ? pair : pair[..equals];
            if (key.SequenceEqual(name))
            {
                found++;
                value = equals < 0 ? new Range(end, end) : new Range(position + equals + 1, end);
            }

            position = end + 1;
        }

        return found;
    }

    /// <summary>Percent-decodes (and turns <c>+</c> into a space); invalid escapes stay literal.</summary>
    public static string Decode(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOfAny('%', '+') < 0)
        {
            return raw.ToString();
        }

        byte[] bytes = new byte[Encoding.UTF8.GetMaxByteCount(raw.Length)];
        int length = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c == '%' && i + 2 < raw.Length)
            {
                int hi = Hex.AnyCaseValue(raw[i + 1]);
                int lo = Hex.AnyCaseValue(raw[i + 2]);
                if ((hi | lo) >= 0)
                {
                    bytes[length++] = (byte)((hi << 4) | lo);
                    i += 2;
                    continue;
                }
            }

            if (c == '+')
            {
                bytes[length++] = (byte)' ';
            }
            else if (c < 0x80)
            {
                bytes[length++] = (byte)c;
            }
            else
            {
                int consumed = char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1;
                length += Encoding.UTF8.GetBytes(raw.Slice(i, consumed), bytes.AsSpan(length));
                i += consumed - 1;
            }
        }

        return Encoding.UTF8.GetString(bytes, 0, length);
    }
}
