namespace Sts.Core.WebIdentity;

/// <summary>
/// Issuer URL normalization, as AWS applies it to OIDC provider URLs and token <c>iss</c> claims:
/// the scheme is stripped, a trailing slash removed and the host (with its port) lower-cased; the
/// path keeps its case. The result names the provider in its ARN and in condition keys
/// (<c>example.com/realms/x:sub</c>).
/// </summary>
public static class OidcIssuer
{
    /// <summary>Normalizes an issuer URL or <c>iss</c> claim.</summary>
    /// <param name="issuer">The URL, with or without an <c>https://</c> or <c>http://</c> scheme.</param>
    /// <returns>The provider name.</returns>
    public static string Normalize(string issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var schemeLength = issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : issuer.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : 0;
        var rest = issuer.AsSpan(schemeLength).TrimEnd('/');
        var slash = rest.IndexOf('/');
        var host = slash < 0 ? rest : rest[..slash];
        // One allocation per call (the result): the host is lower-cased in place in the new string.
        return string.Create(rest.Length, (Issuer: issuer, Start: schemeLength, HostLength: host.Length), static (destination, state) =>
        {
            var source = state.Issuer.AsSpan(state.Start, destination.Length);
            source[state.HostLength..].CopyTo(destination[state.HostLength..]);
            source[..state.HostLength].ToLowerInvariant(destination[..state.HostLength]);
        });
    }

    /// <summary>The scheme of an issuer URL: <c>https</c>, <c>http</c>, or empty when it has neither.</summary>
    /// <param name="issuer">The URL.</param>
    /// <returns>The lower-case scheme, or an empty string.</returns>
    public static string Scheme(string issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https"
            : issuer.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http"
            : "";
    }

    /// <summary>True when the URL's host is a loopback name or address: <c>localhost</c>, <c>127.0.0.0/8</c> or <c>[::1]</c>.</summary>
    internal static bool IsLoopbackHost(Uri uri) => uri.HostNameType switch
    {
        UriHostNameType.Dns => string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase),
        UriHostNameType.IPv4 or UriHostNameType.IPv6 => System.Net.IPAddress.TryParse(uri.Host.AsSpan().Trim("[]"), out var address) && System.Net.IPAddress.IsLoopback(address),
        _ => false,
    };

    /// <summary>True when <paramref name="url"/> is an absolute URL whose host is loopback (see <see cref="IsLoopbackHost(Uri)"/>).</summary>
    internal static bool IsLoopbackUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsLoopbackHost(uri);
}
