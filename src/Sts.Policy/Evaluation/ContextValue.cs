using System.Globalization;

namespace Sts.Policy.Evaluation;

/// <summary>
/// One value of a request context key, with every reading the condition operators may need parsed once
/// when the value is created (as a number, a date, a boolean, an IP address, bytes), so evaluation
/// allocates nothing. The operator in the policy decides which reading is compared; a value without
/// that reading does not match.
/// </summary>
public sealed class ContextValue
{
    // Each reading (number, date, boolean, IP, binary) is parsed the first time an operator asks for it, not when the
    // value is created: a request context holds a dozen values and most are only ever compared as strings. A reading is
    // published as one immutable object, so racing threads at worst parse twice and never see half a reading.
    private Reading<decimal>? _number;
    private Reading<long>? _date;
    private Reading<bool>? _boolean;
    private Reading<IpValue>? _ip;
    private Reading<byte[]?>? _bytes;

    private ContextValue(ContextValueType type, string text)
    {
        Type = type;
        Text = text;
    }

    /// <summary>The type the value was supplied as.</summary>
    public ContextValueType Type { get; }

    /// <summary>The value as supplied.</summary>
    public string Text { get; }

    internal bool HasNumber => NumberReading.Ok;

    internal decimal Number => NumberReading.Value;

    internal bool HasDate => DateReading.Ok;

    internal long DateTicks => DateReading.Value;

    internal bool HasBoolean => BooleanReading.Ok;

    internal bool Boolean => BooleanReading.Value;

    internal bool HasIp => IpReading.Ok;

    internal IpValue Ip => IpReading.Value;

    internal byte[]? Bytes => (_bytes ??= new Reading<byte[]?>(true, TryParseBinary(Text))).Value;

    private Reading<decimal> NumberReading => _number ??= new Reading<decimal>(TryParseNumber(Text, out var number), number);

    private Reading<long> DateReading => _date ??= new Reading<long>(TryParseDate(Text, out var ticks), ticks);

    private Reading<bool> BooleanReading => _boolean ??= new Reading<bool>(bool.TryParse(Text, out var boolean), boolean);

    private Reading<IpValue> IpReading => _ip ??= new Reading<IpValue>(IpValue.TryParse(Text, allowPrefix: false, out var ip), ip);

    /// <summary>Creates a value, checking that <paramref name="text"/> can be read as <paramref name="type"/>.</summary>
    /// <param name="type">How the value is meant to be read.</param>
    /// <param name="text">The value's text.</param>
    /// <param name="value">The value, when the text can be read as the type.</param>
    /// <param name="error">A one-line message quoting the text when it cannot.</param>
    /// <returns>True when the value was created.</returns>
    public static bool TryCreate(ContextValueType type, string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ContextValue? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidate = new ContextValue(type, text);
        var ok = type switch
        {
            ContextValueType.Numeric => candidate.HasNumber,
            ContextValueType.Boolean => candidate.HasBoolean,
            ContextValueType.Date => candidate.HasDate,
            ContextValueType.IpAddress => candidate.HasIp,
            ContextValueType.Binary => candidate.Bytes is not null,
            _ => true,
        };
        if (!ok)
        {
            value = null;
            error = $"'{Truncate(text)}' is not a valid {Describe(type)}.";
            return false;
        }

        value = candidate;
        error = null;
        return true;
    }

    /// <summary>Creates a string value (any text).</summary>
    /// <param name="text">The value's text.</param>
    /// <returns>The value.</returns>
    public static ContextValue FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ContextValue(ContextValueType.String, text);
    }

    /// <summary>
    /// Creates a value of <paramref name="type"/> without checking it; a value that cannot be read as its
    /// type simply matches no operator of that type (a documented non-match, never an exception).
    /// </summary>
    /// <param name="type">How the value is meant to be read.</param>
    /// <param name="text">The value's text.</param>
    /// <returns>The value.</returns>
    public static ContextValue FromUnchecked(ContextValueType type, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ContextValue(type, text);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    internal static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");

    internal static bool TryParseNumber(ReadOnlySpan<char> text, out decimal number) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number);

    /// <summary>Reads W3C ISO 8601 dates (<c>2020-01-01</c>, <c>2020-01-01T12:00:00Z</c>, with offsets and fractions) or epoch seconds.</summary>
    internal static bool TryParseDate(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.IndexOfAnyExceptInRange('0', '9') < 0 || (text[0] == '-' && text.Length > 1 && text[1..].IndexOfAnyExceptInRange('0', '9') < 0))
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                || seconds < -62135596800L || seconds > 253402300799L)
            {
                return false;
            }

            utcTicks = DateTimeOffset.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond);
            return true;
        }

        if (TryParseCanonicalUtc(text, out utcTicks))
        {
            return true;
        }

        // W3C profile of ISO 8601: YYYY-MM-DD, optionally THH:MM[:SS[.fff]] with Z or an offset.
        if (text.Length < 10 || text[4] != '-' || text[7] != '-' || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        utcTicks = parsed.UtcTicks;
        return true;
    }

    /// <summary>
    /// The form AWS (and Sts) writes times in, <c>yyyy-MM-ddTHH:mm:ssZ</c>, read without the general parser: it is what
    /// <c>aws:CurrentTime</c> and <c>aws:TokenIssueTime</c> carry on every request. False (try the general parser) otherwise.
    /// </summary>
    private static bool TryParseCanonicalUtc(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.Length != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utcTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks;
        return true;

        static bool TryDigits(ReadOnlySpan<char> digits, out int value)
        {
            value = 0;
            foreach (var c in digits)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }
    }

    internal static byte[]? TryParseBinary(string text)
    {
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return null;
        }

        var buffer = new byte[text.Length / 4 * 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }

    private static string Describe(ContextValueType type) => type switch
    {
        ContextValueType.Numeric => "number",
        ContextValueType.Boolean => "boolean (expected true or false)",
        ContextValueType.Date => "date (expected W3C ISO 8601 such as 2020-01-01T00:00:00Z, or epoch seconds)",
        ContextValueType.IpAddress => "IP address",
        ContextValueType.Binary => "base64 binary value",
        _ => "value",
    };

    private sealed record Reading<T>(bool Ok, T Value);
}
