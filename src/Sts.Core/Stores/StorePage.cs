namespace Sts.Core.Stores;

/// <summary>A page of records listed by key prefix.</summary>
/// <param name="Records">The records, in ordinal key order.</param>
/// <param name="IsTruncated">True when more records with the prefix follow the last one returned.</param>
public sealed record StorePage(IReadOnlyList<StoreRecord> Records, bool IsTruncated);
