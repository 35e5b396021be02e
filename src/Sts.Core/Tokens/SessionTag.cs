namespace Sts.Core.Tokens;

/// <summary>
/// A session tag: becomes <c>aws:PrincipalTag/KEY</c> for every request of the session. Keys compare
/// case-insensitively but keep the case they were given in.
/// </summary>
/// <param name="Key">The tag key, 1 to 128 characters.</param>
/// <param name="Value">The tag value, 0 to 256 characters.</param>
public sealed record SessionTag(string Key, string Value);
