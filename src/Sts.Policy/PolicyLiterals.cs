using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sts.Policy;

/// <summary>Checks literal condition values for their operator's type: dates, numbers, booleans, base64, CIDRs.</summary>
internal static class PolicyLiterals
{
    /// <summary>
    /// AWS's date check (ported from getmoto/moto's legacy parser, built from AWS responses): an ISO 8601
    /// date-time when the text contains <c>t</c> or <c>-</c>, otherwise non-negative epoch seconds.
    /// </summary>
    internal static bool IsDate(string value)
    {
        var span = value.AsSpan();
        if (span.ContainsAny('t', 'T') || span.Contains('-'))
        {
            return IsIsoDateTime(span);
        }

        return long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch) && epoch >= 0;
    }

    internal static bool IsNumber(string value) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    internal static bool IsBool(string value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);

    internal static bool IsBase64(string value) => value.Length > 0 && Base64.IsValid(value);

    /// <summary>An IPv4 or IPv6 address with an optional <c>/prefix</c>; IPv4 must be four dotted decimal parts.</summary>
    internal static bool IsCidr(string value)
    {
        var span = value.AsSpan();
        var slash = span.IndexOf('/');
        var address = slash < 0 ? span : span[..slash];
        int maxPrefix;
        if (address.Contains(':'))
        {
            if (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6 || address.Contains('%'))
            {
                return false;
            }

            maxPrefix = 128;
        }
        else
        {
            if (!IsDottedQuad(address))
            {
                return false;
            }

            maxPrefix = 32;
        }

        if (slash < 0)
        {
            return true;
        }

        var prefix = span[(slash + 1)..];
        return prefix.Length is > 0 and <= 3
            && !prefix.ContainsAnyExceptInRange('0', '9')
            && int.Parse(prefix, CultureInfo.InvariantCulture) <= maxPrefix;
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> address)
    {
        var parts = 0;
        foreach (var range in address.Split('.'))
        {
            var part = address[range];
            if (part.Length is 0 or > 3 || part.ContainsAnyExceptInRange('0', '9') || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    private static bool IsIsoDateTime(ReadOnlySpan<char> text)
    {
        var t = text.IndexOfAny('t', 'T');
        var datePart = t < 0 ? text : text[..t];
        var timePart = t < 0 ? [] : text[(t + 1)..];
        var negative = datePart.StartsWith('-');
        var body = negative ? datePart[1..] : datePart;
        Span<Range> parts = stackalloc Range[4];
        var count = body.Split(parts, '-');
        if (count >= 4 || !TryInt(body[parts[0]], out var year))
        {
            return false;
        }

        year = negative ? -year : year;
        if (year is < -292275054 or > 292278993
            || (count > 1 && !InRange(body[parts[1]], 1, 12))
            || (count > 2 && !InRange(body[parts[2]], 1, 31)))
        {
            return false;
        }

        count = timePart.Split(parts, ':');
        if (timePart[parts[0]].Length != 0 && !InRange(timePart[parts[0]], 0, 23))
        {
            return false;
        }

        if (count > 1 && !InRange(timePart[parts[1]], 0, 59))
        {
            return false;
        }

        if (count <= 2)
        {
            return true;
        }

        // With more than three colon-separated parts Split keeps the rest in parts[3]; parts[2] is exact either way.
        var secondsText = timePart[parts[2]];

        var z = secondsText.IndexOfAny('z', 'Z');
        var plus = secondsText.IndexOf('+');
        if (z >= 0)
        {
            if (z != secondsText.Length - 1)
            {
                return false;
            }

            secondsText = secondsText[..z];
        }
        else if (plus >= 0)
        {
            var zone = secondsText[(plus + 1)..];
            secondsText = secondsText[..plus];
            var colon = zone.IndexOf(':');
            var zoneHours = colon < 0 ? zone : zone[..colon];
            if (zoneHours.Length != 2 || !InRange(zoneHours, 0, 23))
            {
                return false;
            }

            if (colon >= 0)
            {
                var zoneMinutes = zone[(colon + 1)..];
                if (zoneMinutes.Length != 2 || !InRange(zoneMinutes, 0, 59))
                {
                    return false;
                }
            }
        }

        var dot = secondsText.IndexOf('.');
        var seconds = dot < 0 ? secondsText : secondsText[..dot];
        return InRange(seconds, 0, 59) && (dot < 0 || InRange(secondsText[(dot + 1)..], 0, 999999999));
    }

    private static bool InRange(ReadOnlySpan<char> text, long min, long max) => TryInt(text, out var value) && value >= min && value <= max;

    private static bool TryInt(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
