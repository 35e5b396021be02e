namespace Sts.Core.Stores;

/// <summary>One stored record: its key, its version (1 after creation, +1 on each update), its value, and an optional secret.</summary>
/// <param name="Key">The record key.</param>
/// <param name="Version">The version, at least 1.</param>
/// <param name="Value">The record's content (JSON written by Sts).</param>
/// <param name="Secret">
/// A secret that belongs to the record (an access key's secret), or null. Stores that persist data
/// must keep it encrypted at rest.
/// </param>
public sealed record StoreRecord(string Key, long Version, string Value, string? Secret = null)
{
    /// <inheritdoc />
    public override string ToString() => $"StoreRecord {{ Key = {Key}, Version = {Version}, Secret = {(Secret is null ? "none" : "***")} }}";
}
