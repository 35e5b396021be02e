using System.Buffers;
using System.Globalization;

namespace Sts.Core.SecurityToken;

/// <summary>
/// Collects the model constraint violations of one request and words them as AWS does:
/// <c>1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must ...</c>
/// (several joined by <c>; </c> under <c>N validation errors detected</c>). Offending values are quoted truncated.
/// </summary>
internal sealed class StsValidator
{
    internal const string NamePattern = @"[\w+=,.@-]*";
    internal const string ExternalIdPattern = @"[\w+=,.@:\/-]*";
    internal const string SerialNumberPattern = @"[\w+=/:,.@-]*";
    internal const string TokenCodePattern = @"[\d]*";
    internal const string PolicyPattern = @"[\u0009\u000A\u000D\u0020-\u00FF]+";
    internal const string TagPattern = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";
    internal const string AccessKeyIdPattern = @"[\w]*";

    internal static readonly SearchValues<char> NameChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=,.@-");
    internal static readonly SearchValues<char> ExternalIdChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=,.@:/-");
    internal static readonly SearchValues<char> SerialNumberChars = ExternalIdChars;
    internal static readonly SearchValues<char> WordChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
    internal static readonly SearchValues<char> Base64UrlChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    internal static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private readonly List<string> _errors = [];

    internal bool HasErrors => _errors.Count > 0;

    internal void Add(string member, string? value, string constraint) =>
        _errors.Add(value is null
            ? $"Value null at '{member}' failed to satisfy constraint: {constraint}"
            : $"Value '{StsErrors.Quote(value)}' at '{member}' failed to satisfy constraint: {constraint}");

    internal void Required(string member, string? value)
    {
        if (value is null)
        {
            _errors.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }
    }

    /// <summary>Length and character class of an optional string; null passes.</summary>
    internal void Text(string member, string? value, int min, int max, SearchValues<char>? allowed, string pattern)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length < min)
        {
            Add(member, value, $"Member must have length greater than or equal to {min}");
        }
        else if (value.Length > max)
        {
            Add(member, value, $"Member must have length less than or equal to {max}");
        }

        if (allowed is not null && value.AsSpan().ContainsAnyExcept(allowed))
        {
            Add(member, value, $"Member must satisfy regular expression pattern: {pattern}");
        }
    }

    internal void PolicyText(string member, string? value, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length < 1)
        {
            Add(member, value, "Member must have length greater than or equal to 1");
        }
        else if (value.Length > max)
        {
            Add(member, value, $"Member must have length less than or equal to {max}");
        }

        foreach (var c in value)
        {
            if (c is not ('\t' or '\n' or '\r') && (c < '\u0020' || c > '\u00FF'))
            {
                Add(member, value, $"Member must satisfy regular expression pattern: {PolicyPattern}");
                break;
            }
        }
    }

    internal void TagText(string member, string value, int min, int max)
    {
        if (value.Length < min)
        {
            Add(member, value, $"Member must have length greater than or equal to {min}");
        }
        else if (value.Length > max)
        {
            Add(member, value, $"Member must have length less than or equal to {max}");
        }

        foreach (var c in value)
        {
            if (!IsTagChar(c))
            {
                Add(member, value, $"Member must satisfy regular expression pattern: {TagPattern}");
                break;
            }
        }
    }

    internal void Range(string member, int? value, int min, int max)
    {
        if (value is not { } v)
        {
            return;
        }

        if (v < min)
        {
            Add(member, v.ToString(CultureInfo.InvariantCulture), $"Member must have value greater than or equal to {min}");
        }
        else if (v > max)
        {
            Add(member, v.ToString(CultureInfo.InvariantCulture), $"Member must have value less than or equal to {max}");
        }
    }

    internal void Count(string member, int count, int max)
    {
        if (count > max)
        {
            _errors.Add($"Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }
    }

    internal StsError? ToError() => _errors.Count switch
    {
        0 => null,
        1 => StsErrors.Validation($"1 validation error detected: {_errors[0]}"),
        _ => StsErrors.Validation($"{_errors.Count} validation errors detected: {string.Join("; ", _errors)}"),
    };

    private static bool IsTagChar(char c)
    {
        if (c is '_' or '.' or ':' or '/' or '=' or '+' or '-' or '@')
        {
            return true;
        }

        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }
}
