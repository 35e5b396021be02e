namespace Sts.Gateway;

/// <summary>The metadata of one bucket: owner account, creation time, tags and policy.</summary>
internal sealed record StoredBucket(
    string Name,
    string OwnerAccount,
    string OwnerArn,
    DateTimeOffset Created,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    bool HasTagSet,
    string? Policy);
