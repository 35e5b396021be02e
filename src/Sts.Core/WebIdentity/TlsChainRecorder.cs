using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Sts.Core.WebIdentity;

/// <summary>
/// Remembers, per host and port, the SHA-1 thumbprints of the certificate chain presented at the
/// last TLS handshake, for AWS's thumbprint rule (a thumbprint of the JWKS endpoint's chain). Used as
/// the <see cref="HttpClientHandler.ServerCertificateCustomValidationCallback"/> of the default
/// handler; it accepts exactly the chains the platform would (no error at all).
/// </summary>
internal sealed class TlsChainRecorder
{
    private readonly ConcurrentDictionary<string, string[]> _byAuthority = new(StringComparer.OrdinalIgnoreCase);
    private readonly X509Certificate2Collection? _extraTrustedRoots;

    /// <summary>Creates a recorder that trusts the platform's roots, plus <paramref name="extraTrustedRoots"/> when given.</summary>
    internal TlsChainRecorder(X509Certificate2Collection? extraTrustedRoots = null) => _extraTrustedRoots = extraTrustedRoots;

    internal bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || request.RequestUri is null)
        {
            return false;
        }

        if (errors != SslPolicyErrors.None)
        {
            if (_extraTrustedRoots is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_extraTrustedRoots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
            }

            if (!custom.Build(certificate))
            {
                return false;
            }

            Record(request.RequestUri, custom);
            return true;
        }

        if (chain is null)
        {
            return false;
        }

        Record(request.RequestUri, chain);
        return true;
    }

    internal IReadOnlyList<string> ThumbprintsFor(Uri uri) =>
        _byAuthority.TryGetValue(uri.Authority, out var thumbprints) ? thumbprints : [];

    internal HttpClientHandler CreateHandler() => new()
    {
        ServerCertificateCustomValidationCallback = Validate,
        AllowAutoRedirect = false,
    };

    private void Record(Uri uri, X509Chain chain)
    {
        var thumbprints = new string[chain.ChainElements.Count];
        for (var i = 0; i < thumbprints.Length; i++)
        {
            thumbprints[i] = chain.ChainElements[i].Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA1);
        }

        _byAuthority[uri.Authority] = thumbprints;
    }
}
