namespace Sts.Core.Stores;

/// <summary>One write in an atomic batch: create, update or delete the record at <see cref="Key"/>.</summary>
/// <param name="Key">The record key.</param>
/// <param name="ExpectedVersion">The version the record must have now; 0 when it must not exist (a create).</param>
/// <param name="Value">The new value, or null to delete the record.</param>
/// <param name="Secret">The new secret (kept encrypted at rest by persistent stores), or null for none.</param>
public sealed record StoreWrite(string Key, long ExpectedVersion, string? Value, string? Secret = null)
{
    /// <summary>True when this write deletes the record.</summary>
    public bool IsDelete => Value is null;

    /// <summary>A create: the record must not exist.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value.</param>
    /// <param name="secret">An optional secret.</param>
    /// <returns>The write.</returns>
    public static StoreWrite Create(string key, string value, string? secret = null) => new(key, 0, value, secret);

    /// <summary>An update of the record at version <paramref name="expectedVersion"/>.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="expectedVersion">The version the record must have now.</param>
    /// <param name="value">The new value.</param>
    /// <param name="secret">An optional secret.</param>
    /// <returns>The write.</returns>
    public static StoreWrite Update(string key, long expectedVersion, string value, string? secret = null) => new(key, expectedVersion, value, secret);

    /// <summary>A delete of the record at version <paramref name="expectedVersion"/>.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="expectedVersion">The version the record must have now.</param>
    /// <returns>The write.</returns>
    public static StoreWrite Delete(string key, long expectedVersion) => new(key, expectedVersion, null);

    /// <inheritdoc />
    public override string ToString() => $"StoreWrite {{ Key = {Key}, ExpectedVersion = {ExpectedVersion}, Delete = {IsDelete} }}";
}
