using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Sts.Core.WebIdentity;

/// <summary>
/// One verification key of a provider's JWKS, converted once into a ready-to-use RSA or ECDsa
/// public key: from the leaf certificate of <c>x5c</c> when present (which must then agree with the
/// JWK's own parameters), otherwise from the bare <c>n</c>/<c>e</c> or <c>crv</c>/<c>x</c>/<c>y</c>.
/// </summary>
internal sealed class SigningKey
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly string? _curve;
    private readonly string? _algorithm;
    private readonly int _rsaSignatureLength;

    private SigningKey(string? keyId, string? algorithm, RSA? rsa, ECDsa? ecdsa, string? curve, IReadOnlyList<string> certificateThumbprints)
    {
        KeyId = keyId;
        _algorithm = algorithm;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _curve = curve;
        _rsaSignatureLength = rsa is null ? 0 : (rsa.KeySize + 7) / 8;
        CertificateThumbprints = certificateThumbprints;
    }

    internal string? KeyId { get; }

    /// <summary>Upper-case hex SHA-1 of each DER certificate of the key's <c>x5c</c> chain (empty without one).</summary>
    internal IReadOnlyList<string> CertificateThumbprints { get; }

    /// <summary>Whether this key may verify a token signed with <paramref name="algorithm"/> (key type, curve, and the JWK's own <c>alg</c>).</summary>
    internal bool Accepts(JwsAlgorithm algorithm)
    {
        if (_algorithm is not null && !string.Equals(_algorithm, algorithm.Name(), StringComparison.Ordinal))
        {
            return false;
        }

        return algorithm.IsRsa() ? _rsa is not null : _ecdsa is not null && _curve == algorithm.Curve();
    }

    /// <summary>Verifies a signature over the signing input, given that input's hash with <paramref name="algorithm"/>'s hash function.</summary>
    internal bool VerifyHash(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInputHash, ReadOnlySpan<byte> signature)
    {
        if (algorithm.IsRsa())
        {
            return _rsa is not null
                && signature.Length == _rsaSignatureLength
                && _rsa.VerifyHash(signingInputHash, signature, algorithm.Hash(), algorithm.RsaPadding());
        }

        return _ecdsa is not null
            && signature.Length == algorithm.EcSignatureLength()
            && _ecdsa.VerifyHash(signingInputHash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Converts a JWK; <see langword="null"/> with a reason when it is not a usable signing key.</summary>
    internal static SigningKey? FromJsonWebKey(JsonWebKey jwk, out string? skipReason)
    {
        skipReason = null;
        if (jwk.Use is { Length: > 0 } use && !string.Equals(use, "sig", StringComparison.Ordinal))
        {
            skipReason = "use is not 'sig'";
            return null;
        }

        try
        {
            var thumbprints = new List<string>();
            X509Certificate2? leaf = null;
            foreach (var encoded in jwk.X5c)
            {
                var der = Convert.FromBase64String(encoded);
#pragma warning disable CA5350 // IAM thumbprints are defined as SHA-1 of the DER certificate; not used for security of new data.
                thumbprints.Add(Convert.ToHexString(SHA1.HashData(der)));
#pragma warning restore CA5350
                leaf ??= X509CertificateLoader.LoadCertificate(der);
            }

            switch (jwk.Kty)
            {
                case "RSA":
                {
                    var bare = jwk.N is { Length: > 0 } && jwk.E is { Length: > 0 }
                        ? new RSAParameters { Modulus = DecodeUnsigned(jwk.N), Exponent = DecodeUnsigned(jwk.E) }
                        : (RSAParameters?)null;
                    var rsa = leaf?.GetRSAPublicKey();
                    if (leaf is not null && rsa is null)
                    {
                        skipReason = "x5c certificate is not an RSA key";
                        return null;
                    }

                    if (rsa is not null && bare is { } b)
                    {
                        var fromCert = rsa.ExportParameters(false);
                        if (!fromCert.Modulus.AsSpan().SequenceEqual(b.Modulus) || !fromCert.Exponent.AsSpan().SequenceEqual(b.Exponent))
                        {
                            skipReason = "x5c certificate does not match n/e";
                            return null;
                        }
                    }

                    if (rsa is null)
                    {
                        if (bare is null)
                        {
                            skipReason = "RSA key without n/e or x5c";
                            return null;
                        }

                        rsa = RSA.Create(bare.Value);
                    }

                    return new SigningKey(jwk.Kid, NullIfEmpty(jwk.Alg), rsa, null, null, thumbprints);
                }

                case "EC":
                {
                    var curve = jwk.Crv switch
                    {
                        "P-256" => ECCurve.NamedCurves.nistP256,
                        "P-384" => ECCurve.NamedCurves.nistP384,
                        "P-521" => ECCurve.NamedCurves.nistP521,
                        _ => (ECCurve?)null,
                    };
                    if (curve is null)
                    {
                        skipReason = "unsupported EC curve";
                        return null;
                    }

                    var ecdsa = leaf?.GetECDsaPublicKey();
                    if (leaf is not null && ecdsa is null)
                    {
                        skipReason = "x5c certificate is not an EC key";
                        return null;
                    }

                    if (jwk.X is { Length: > 0 } && jwk.Y is { Length: > 0 })
                    {
                        var point = new ECPoint { X = Base64Url.DecodeFromChars(jwk.X), Y = Base64Url.DecodeFromChars(jwk.Y) };
                        if (ecdsa is not null)
                        {
                            var fromCert = ecdsa.ExportParameters(false).Q;
                            if (!fromCert.X.AsSpan().SequenceEqual(point.X) || !fromCert.Y.AsSpan().SequenceEqual(point.Y))
                            {
                                skipReason = "x5c certificate does not match x/y";
                                return null;
                            }
                        }
                        else
                        {
                            ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Value, Q = point });
                        }
                    }

                    if (ecdsa is null)
                    {
                        skipReason = "EC key without x/y or x5c";
                        return null;
                    }

                    var size = ecdsa.KeySize;
                    var actualCurve = size switch { 256 => "P-256", 384 => "P-384", 521 => "P-521", _ => null };
                    if (actualCurve != jwk.Crv)
                    {
                        skipReason = "EC key size does not match crv";
                        return null;
                    }

                    return new SigningKey(jwk.Kid, NullIfEmpty(jwk.Alg), null, ecdsa, actualCurve, thumbprints);
                }

                default:
                    skipReason = "unsupported kty";
                    return null;
            }
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or ArgumentException)
        {
            skipReason = "malformed key parameters";
            return null;
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static byte[] DecodeUnsigned(string base64Url)
    {
        var bytes = Base64Url.DecodeFromChars(base64Url);
        var start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0)
        {
            start++;
        }

        return start == 0 ? bytes : bytes[start..];
    }
}
