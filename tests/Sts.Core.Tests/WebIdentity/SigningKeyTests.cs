using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Sts.Core.WebIdentity;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>Which JWKs become verification keys, and for which algorithms.</summary>
[TestFixture]
public sealed class SigningKeyTests
{
    private static JsonWebKey RsaJwk(RSA rsa, string? alg = null, string? use = null)
    {
        var p = rsa.ExportParameters(false);
        return new JsonWebKey { Kty = "RSA", Kid = "r", N = Base64Url.EncodeToString(p.Modulus), E = Base64Url.EncodeToString(p.Exponent), Alg = alg, Use = use };
    }

    private static JsonWebKey EcJwk(ECDsa ec, string crv)
    {
        var q = ec.ExportParameters(false).Q;
        return new JsonWebKey { Kty = "EC", Kid = "e", Crv = crv, X = Base64Url.EncodeToString(q.X), Y = Base64Url.EncodeToString(q.Y) };
    }

    [Test]
    public void FromJsonWebKey_EncryptionKey_IsSkipped()
    {
        using var rsa = RSA.Create(2048);

        SigningKey.FromJsonWebKey(RsaJwk(rsa, use: "enc"), out var reason).Should().BeNull();
        reason.Should().Contain("use");
    }

    [Test]
    public void FromJsonWebKey_SymmetricKey_IsSkipped()
    {
        SigningKey.FromJsonWebKey(new JsonWebKey { Kty = "oct", K = "c2VjcmV0" }, out var reason).Should().BeNull();
        reason.Should().Be("unsupported kty");
    }

    [Test]
    public void FromJsonWebKey_EcPointOnAnotherCurveThanCrv_IsSkipped()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        SigningKey.FromJsonWebKey(EcJwk(ec, "P-384"), out var reason).Should().BeNull();
        reason.Should().NotBeNull();
    }

    [Test]
    public void FromJsonWebKey_MalformedModulus_IsSkippedNotThrown()
    {
        var jwk = new JsonWebKey { Kty = "RSA", Kid = "r", N = "!!!", E = "AQAB" };

        SigningKey.FromJsonWebKey(jwk, out var reason).Should().BeNull();
        reason.Should().Be("malformed key parameters");
    }

    [Test]
    public void Accepts_RsaKeyWithAlg_OnlyThatAlgorithm()
    {
        using var rsa = RSA.Create(2048);
        var key = SigningKey.FromJsonWebKey(RsaJwk(rsa, alg: "PS384"), out _)!;

        key.Accepts(JwsAlgorithm.PS384).Should().BeTrue();
        key.Accepts(JwsAlgorithm.RS256).Should().BeFalse();
        key.Accepts(JwsAlgorithm.ES384).Should().BeFalse();
    }

    [Test]
    public void Accepts_BareEcKey_OnlyTheAlgorithmOfItsCurve()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var key = SigningKey.FromJsonWebKey(EcJwk(ec, "P-384"), out _)!;

        key.Accepts(JwsAlgorithm.ES384).Should().BeTrue();
        key.Accepts(JwsAlgorithm.ES256).Should().BeFalse();
        key.Accepts(JwsAlgorithm.RS384).Should().BeFalse();
    }

    [Test]
    public void VerifyHash_EcSignatureInDerInsteadOfJoseFormat_IsRefused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = SigningKey.FromJsonWebKey(EcJwk(ec, "P-256"), out _)!;
        var data = "header.payload"u8.ToArray();

        var jose = ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var der = ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var hash = SHA256.HashData(data);

        key.VerifyHash(JwsAlgorithm.ES256, hash, jose).Should().BeTrue();
        key.VerifyHash(JwsAlgorithm.ES256, hash, der).Should().BeFalse();
    }
}
