namespace Sts.Core.Iam;

/// <summary>A tag on an IAM entity. Keys are unique per entity, compared case-insensitively.</summary>
/// <param name="Key">The key, 1 to 128 characters of <c>[\p{L}\p{Z}\p{N}_.:/=+\-@]</c>.</param>
/// <param name="Value">The value, 0 to 256 characters of the same set.</param>
public sealed record IamTag(string Key, string Value);
