namespace Sts.Core.WebIdentity;

/// <summary>
/// One session tag from the token's <c>https://aws.amazon.com/tags</c> claim (<c>principal_tags</c>).
/// Under AWS rules it has exactly one value; the Ceph profile keeps several.
/// </summary>
/// <param name="Key">The tag key, case preserved (keys compare case-insensitively).</param>
/// <param name="Values">The values, in token order; one unless the Ceph profile allows several.</param>
/// <param name="IsTransitive">Whether <c>transitive_tag_keys</c> names this key.</param>
public sealed record WebIdentitySessionTag(string Key, IReadOnlyList<string> Values, bool IsTransitive)
{
    /// <summary>The first (under AWS rules the only) value.</summary>
    public string Value => Values[0];
}
