using System.Security.Cryptography;

namespace Sts.Core.WebIdentity;

/// <summary>The JWS algorithms AWS accepts for web identity tokens (plus PS*): never <c>none</c> or HMAC.</summary>
internal enum JwsAlgorithm
{
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
}

/// <summary>Facts about each <see cref="JwsAlgorithm"/>.</summary>
internal static class JwsAlgorithms
{
    internal static bool TryParse(ReadOnlySpan<byte> name, out JwsAlgorithm algorithm)
    {
        algorithm = default;
        if (name.Length != 5)
        {
            return false;
        }

        int bits = name[2..] switch
        {
            var b when b.SequenceEqual("256"u8) => 0,
            var b when b.SequenceEqual("384"u8) => 1,
            var b when b.SequenceEqual("512"u8) => 2,
            _ => -1,
        };
        int family = name[..2] switch
        {
            var f when f.SequenceEqual("RS"u8) => 0,
            var f when f.SequenceEqual("PS"u8) => 3,
            var f when f.SequenceEqual("ES"u8) => 6,
            _ => -1,
        };
        if (bits < 0 || family < 0)
        {
            return false;
        }

        algorithm = (JwsAlgorithm)(family + bits);
        return true;
    }

    private static readonly string[] Names = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>The JWS name (<c>RS256</c>...), without <see cref="Enum.ToString()"/>'s cost.</summary>
    internal static string Name(this JwsAlgorithm algorithm) => Names[(int)algorithm];

    internal static bool IsRsa(this JwsAlgorithm algorithm) => algorithm <= JwsAlgorithm.PS512;

    internal static HashAlgorithmName Hash(this JwsAlgorithm algorithm) => ((int)algorithm % 3) switch
    {
        0 => HashAlgorithmName.SHA256,
        1 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    internal static RSASignaturePadding RsaPadding(this JwsAlgorithm algorithm) =>
        algorithm <= JwsAlgorithm.RS512 ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;

    /// <summary>The JWK <c>crv</c> an ES algorithm requires (RFC 7518 §3.4).</summary>
    internal static string Curve(this JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.ES256 => "P-256",
        JwsAlgorithm.ES384 => "P-384",
        _ => "P-521",
    };

    /// <summary>The IEEE P1363 signature length of an ES algorithm: twice the field size in bytes.</summary>
    internal static int EcSignatureLength(this JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.ES256 => 64,
        JwsAlgorithm.ES384 => 96,
        _ => 132,
    };
}
