using System.Globalization;

namespace Sts.Core.Protocol;

/// <summary>ISO 8601 timestamps as the Query protocol sends and AWS writes them.</summary>
internal static class QueryTimestamp
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 19 || text.Length > 40 || text[4] != '-' || text[10] != 'T' || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>UTC, seconds precision when whole, else milliseconds: <c>2011-07-15T23:28:33.359Z</c>.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.Millisecond == 0 && utc.Microsecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
