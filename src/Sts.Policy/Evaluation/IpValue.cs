using System.Net;
using System.Net.Sockets;

namespace Sts.Policy.Evaluation;

/// <summary>An IPv4 or IPv6 address or network held as a 128-bit number, so matching allocates nothing.</summary>
internal readonly record struct IpValue(UInt128 Bits, bool IsV6, int PrefixLength)
{
    // The network's leading PrefixLength bits as a mask, and its address under that mask, computed once.
    private readonly UInt128 _mask = MaskOf(IsV6, PrefixLength);
    private readonly UInt128 _network = Bits & MaskOf(IsV6, PrefixLength);

    /// <summary>Parses an address (<c>10.0.0.1</c>, <c>2001:db8::1</c>) or a CIDR block (<c>10.0.0.0/8</c>). A bare address is a /32 or /128.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, bool allowPrefix, out IpValue value)
    {
        value = default;
        text = text.Trim();
        var slash = text.IndexOf('/');
        var addressText = slash >= 0 ? text[..slash] : text;
        if (slash >= 0 && !allowPrefix)
        {
            return false;
        }

        // IPAddress.TryParse also takes legacy IPv4 forms such as "10.1"; AWS wants dotted quads.
        if (addressText.IsEmpty || (addressText.Contains('.') && !addressText.Contains(':') && addressText.Count('.') != 3))
        {
            return false;
        }

        if (addressText.Contains('%') || !IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var isV6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        UInt128 bits = 0;
        for (var i = 0; i < written; i++)
        {
            bits = (bits << 8) | bytes[i];
        }

        var width = isV6 ? 128 : 32;
        var prefix = width;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.IsEmpty || prefixText.Length > 3 || !int.TryParse(prefixText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > width)
            {
                return false;
            }
        }

        value = new IpValue(bits, isV6, prefix);
        return true;
    }

    /// <summary>True when <paramref name="address"/> lies in this network (same family, same leading <see cref="PrefixLength"/> bits).</summary>
    public bool Contains(in IpValue address)
    {
        return address.IsV6 == IsV6 && (address.Bits & _mask) == _network;
    }

    private static UInt128 MaskOf(bool isV6, int prefixLength) => prefixLength switch
    {
        <= 0 => UInt128.Zero,
        _ when isV6 => UInt128.MaxValue << (128 - Math.Min(prefixLength, 128)),
        _ => ((UInt128)uint.MaxValue << (32 - Math.Min(prefixLength, 32))) & uint.MaxValue,
    };
}
