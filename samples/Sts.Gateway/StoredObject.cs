namespace Sts.Gateway;

/// <summary>The metadata of one stored object; <see cref="DataFile"/> names its bytes.</summary>
internal sealed record StoredObject(
    string Key,
    string DataFile,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    string ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    IReadOnlyList<KeyValuePair<string, string>> Tags);
