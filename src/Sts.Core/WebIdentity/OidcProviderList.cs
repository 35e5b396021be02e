namespace Sts.Core.WebIdentity;

/// <summary>An immutable, in-memory <see cref="IOidcProviderSource"/> over a fixed set of registrations.</summary>
public sealed class OidcProviderList : IOidcProviderSource
{
    private readonly Dictionary<string, OidcProviderRegistration> _byName;

    /// <summary>Creates the list.</summary>
    /// <param name="registrations">The registrations; two with the same normalized issuer are a caller error.</param>
    /// <exception cref="ArgumentException">Two registrations share a normalized issuer.</exception>
    public OidcProviderList(IEnumerable<OidcProviderRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        _byName = new Dictionary<string, OidcProviderRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (!_byName.TryAdd(registration.Name, registration))
            {
                throw new ArgumentException($"Two providers are registered for '{registration.Name}'.", nameof(registrations));
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<OidcProviderRegistration?> FindByIssuerAsync(string normalizedIssuer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_byName.GetValueOrDefault(normalizedIssuer));
}
