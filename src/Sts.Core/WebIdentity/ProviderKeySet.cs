namespace Sts.Core.WebIdentity;

/// <summary>
/// An immutable snapshot of one provider's verification keys, as fetched at <see cref="FetchedAt"/>,
/// with the thumbprints of the TLS chain that served the JWKS (when the default handler saw it).
/// </summary>
internal sealed class ProviderKeySet
{
    internal ProviderKeySet(IReadOnlyList<SigningKey> keys, DateTimeOffset fetchedAt, IReadOnlyList<string> tlsThumbprints)
    {
        Keys = keys;
        FetchedAt = fetchedAt;
        TlsThumbprints = tlsThumbprints;
        var byKeyId = new Dictionary<string, SigningKey[]>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key.KeyId is { } kid)
            {
                // Duplicate kids are kept together: each is tried, none silently wins.
                byKeyId[kid] = byKeyId.TryGetValue(kid, out var existing) ? [.. existing, key] : [key];
            }
        }

        ByKeyId = byKeyId;
    }

    internal IReadOnlyList<SigningKey> Keys { get; }

    internal IReadOnlyDictionary<string, SigningKey[]> ByKeyId { get; }

    internal DateTimeOffset FetchedAt { get; }

    /// <summary>Upper-case hex SHA-1 thumbprints of the certificates of the JWKS endpoint's TLS chain.</summary>
    internal IReadOnlyList<string> TlsThumbprints { get; }
}
