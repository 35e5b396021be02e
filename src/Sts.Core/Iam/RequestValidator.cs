using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sts.Core.Iam;

/// <summary>
/// Checks request parameters against botocore's IAM model (length, pattern, range, enum) and reports
/// every violation as AWS does: <c>ValidationError</c> (400), "N validation error(s) detected: Value 'x' at
/// 'member' failed to satisfy constraint: Member must ...". Values are quoted truncated.
/// </summary>
internal sealed partial class RequestValidator
{
    public const string NamePatternText = @"[\w+=,.@-]+";
    public const string PathPatternText = @"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)";
    public const string PathPrefixPatternText = @"\u002F[\u0021-\u007F]*";
    public const string PolicyPathPatternText = @"((/[A-Za-z0-9\.,\+@=_-]+)*)/";
    public const string PolicyDocumentPatternText = @"[\u0009\u000A\u000D\u0020-\u00FF]+";
    public const string RoleDescriptionPatternText = @"[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*";
    public const string MarkerPatternText = @"[\u0020-\u00FF]+";
    public const string AccessKeyIdPatternText = @"[\w]+";
    public const string TagKeyPatternText = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";
    public const string TagValuePatternText = @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";
    public const string VersionIdPatternText = @"v[1-9][0-9]*(\.[A-Za-z0-9-]*)?";

    private const int QuotedValueLimit = 128;

    private readonly List<string> _violations = [];

    /// <summary>The <c>ValidationError</c> when any check failed, otherwise null.</summary>
    public StsError? Error => _violations.Count == 0
        ? null
        : new StsError(
            "ValidationError",
            string.Create(CultureInfo.InvariantCulture, $"{_violations.Count} validation error{(_violations.Count == 1 ? string.Empty : "s")} detected: {string.Join("; ", _violations)}"),
            400);

    public RequestValidator Name(string member, string? value, int maxLength = 64, bool required = true) =>
        Text(member, value, 1, maxLength, NamePattern(), NamePatternText, required);

    public RequestValidator Path(string member, string? value, bool required = false) =>
        Text(member, value, 1, 512, PathPattern(), PathPatternText, required);

    public RequestValidator PathPrefix(string member, string? value) =>
        Text(member, value, 1, 512, PathPrefixPattern(), PathPrefixPatternText, required: false);

    public RequestValidator PolicyPath(string member, string? value) =>
        Text(member, value, 1, 512, PolicyPathPattern(), PolicyPathPatternText, required: false);

    public RequestValidator PolicyDocument(string member, string? value) =>
        Text(member, value, 1, 131072, PolicyDocumentPattern(), PolicyDocumentPatternText, required: true);

    public RequestValidator RoleDescription(string member, string? value, bool required = false) =>
        Text(member, value, 0, 1000, RoleDescriptionPattern(), RoleDescriptionPatternText, required);

    public RequestValidator Arn(string member, string? value, bool required = true) =>
        Text(member, value, 20, 2048, null, null, required);

    public RequestValidator AccessKeyId(string member, string? value) =>
        Text(member, value, 16, 128, AccessKeyIdPattern(), AccessKeyIdPatternText, required: true);

    public RequestValidator VersionId(string member, string? value) =>
        Text(member, value, 0, int.MaxValue, VersionIdPattern(), VersionIdPatternText, required: true);

    public RequestValidator SerialNumber(string member, string? value) =>
        Text(member, value, 9, 256, SerialNumberPattern(), @"[\w+=/:,.@-]+", required: true);

    public RequestValidator AuthenticationCode(string member, string? value) =>
        Text(member, value, 6, 6, AuthenticationCodePattern(), @"[\d]+", required: true);

    public RequestValidator Paging(string? marker, int? maxItems)
    {
        Text("marker", marker, 1, 320, MarkerPattern(), MarkerPatternText, required: false);
        return Integer("maxItems", maxItems, 1, 1000);
    }

    public RequestValidator Text(string member, string? value, int minLength, int maxLength, Regex? pattern, string? patternText, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                _violations.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
            }

            return this;
        }

        if (value.Length < minLength)
        {
            Violation(member, value, string.Create(CultureInfo.InvariantCulture, $"Member must have length greater than or equal to {minLength}"));
            return this;
        }

        if (value.Length > maxLength)
        {
            Violation(member, value, string.Create(CultureInfo.InvariantCulture, $"Member must have length less than or equal to {maxLength}"));
        }
        else if (pattern is not null && !pattern.IsMatch(value))
        {
            Violation(member, value, $"Member must satisfy regular expression pattern: {patternText}");
        }

        return this;
    }

    public RequestValidator Integer(string member, int? value, int min, int max)
    {
        if (value < min)
        {
            Violation(member, value.Value.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"Member must have value greater than or equal to {min}"));
        }
        else if (value > max)
        {
            Violation(member, value.Value.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"Member must have value less than or equal to {max}"));
        }

        return this;
    }

    public RequestValidator Enum(string member, string? value, IReadOnlyList<string> allowed, bool required)
    {
        if (value is null)
        {
            return Text(member, value, 0, int.MaxValue, null, null, required);
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Violation(member, value, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return this;
    }

    public RequestValidator List<T>(string member, IReadOnlyList<T>? values, int maxCount, bool required, Action<string, T> each)
    {
        if (values is null)
        {
            return required ? Text(member, null, 0, 0, null, null, required: true) : this;
        }

        if (values.Count > maxCount)
        {
            _violations.Add(string.Create(CultureInfo.InvariantCulture, $"Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {maxCount}"));
        }

        for (var i = 0; i < values.Count; i++)
        {
            each(string.Create(CultureInfo.InvariantCulture, $"{member}.{i + 1}.member"), values[i]);
        }

        return this;
    }

    public RequestValidator Tags(string member, IReadOnlyList<IamTag>? tags, bool required = false) =>
        List(member, tags, 50, required, (m, tag) =>
        {
            if (tag is null)
            {
                Text(m, null, 0, 0, null, null, required: true);
                return;
            }

            Text(m + ".key", tag.Key, 1, 128, TagKeyPattern(), TagKeyPatternText, required: true);
            Text(m + ".value", tag.Value, 0, 256, TagValuePattern(), TagValuePatternText, required: true);
        });

    public RequestValidator TagKeys(string member, IReadOnlyList<string>? keys) =>
        List(member, keys, 50, required: true, (m, key) => Text(m, key, 1, 128, TagKeyPattern(), TagKeyPatternText, required: true));

    private void Violation(string member, string value, string constraint) =>
        _violations.Add($"Value '{Quote(value)}' at '{member}' failed to satisfy constraint: {constraint}");

    private static string Quote(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, QuotedValueLimit) + 3);
        foreach (var c in value.Length <= QuotedValueLimit ? value : value[..QuotedValueLimit])
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return value.Length <= QuotedValueLimit ? builder.ToString() : builder.Append("...").ToString();
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_+=,.@-]+\z", RegexOptions.CultureInvariant)]
    internal static partial Regex NamePattern();

    [GeneratedRegex(@"\A(/|/[\u0021-\u007E]+/)\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\A/[\u0021-\u007F]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathPrefixPattern();

    [GeneratedRegex(@"\A((/[A-Za-z0-9\.,\+@=_-]+)*)/\z", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyPathPattern();

    [GeneratedRegex(@"\A[\u0009\u000A\u000D\u0020-\u00FF]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyDocumentPattern();

    [GeneratedRegex(@"\A[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleDescriptionPattern();

    [GeneratedRegex(@"\A[\u0020-\u00FF]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKeyIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_+=/:,.@-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex SerialNumberPattern();

    [GeneratedRegex(@"\A[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex AuthenticationCodePattern();

    [GeneratedRegex(@"\A[\p{L}\p{Z}\p{N}_.:/=+\-@]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagKeyPattern();

    [GeneratedRegex(@"\A[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagValuePattern();

    [GeneratedRegex(@"\Av[1-9][0-9]*(\.[A-Za-z0-9-]*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionIdPattern();
}
