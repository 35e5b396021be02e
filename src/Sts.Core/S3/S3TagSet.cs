using System.Text;

namespace Sts.Core.S3;

/// <summary>Reads the <c>x-amz-tagging</c> header (a form-encoded <c>k1=v1&amp;k2=v2</c>) with S3's limits.</summary>
public static class S3TagSet
{
    /// <summary>Parses an <c>x-amz-tagging</c> header value.</summary>
    /// <param name="header">The header value.</param>
    /// <returns>The tags in order, or <c>InvalidTag</c> (400) when a key is empty or too long (128), a value too
    /// long (256), a key repeated, or more than 10 tags are given.</returns>
    public static StsResult<IReadOnlyList<KeyValuePair<string, string>>> ParseHeader(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawKey = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? string.Empty : pair[(equals + 1)..];
            string key;
            string value;
            try
            {
                key = Uri.UnescapeDataString(rawKey.Replace('+', ' '));
                value = Uri.UnescapeDataString(rawValue.Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                return new StsError("InvalidTag", "The x-amz-tagging header is not valid form encoding.");
            }

            tags.Add(new(key, value));
        }

        return Validate(tags, allowDuplicateKeys: false, maxTags: 10) is { } error ? error : tags;
    }

    /// <summary>Checks a tag set against S3's rules.</summary>
    /// <param name="tags">The tags.</param>
    /// <param name="allowDuplicateKeys">True to let one key appear twice (Ceph's bucket tags).</param>
    /// <param name="maxTags">The most tags allowed (10 for objects, 50 for buckets).</param>
    /// <returns>Null when valid, else <c>InvalidTag</c>.</returns>
    public static StsError? Validate(IReadOnlyList<KeyValuePair<string, string>> tags, bool allowDuplicateKeys, int maxTags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count > maxTags)
        {
            return new StsError("InvalidTag", $"Object tags cannot be greater than {maxTags}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
            {
                return new StsError("InvalidTag", $"The TagKey you have provided is invalid: '{Truncate(key)}' (1 to 128 characters).");
            }

            if (value.Length > 256)
            {
                return new StsError("InvalidTag", $"The TagValue you have provided is invalid for key '{Truncate(key)}' (at most 256 characters).");
            }

            if (!seen.Add(key) && !allowDuplicateKeys)
            {
                return new StsError("InvalidTag", $"Cannot provide multiple Tags with the same key: '{Truncate(key)}'.");
            }
        }

        return null;
    }

    /// <summary>Renders tags as an <c>x-amz-tagging</c> value.</summary>
    /// <param name="tags">The tags.</param>
    /// <returns>The header value.</returns>
    public static string FormatHeader(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var text = new StringBuilder();
        foreach (var (key, value) in tags)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
