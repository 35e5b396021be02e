namespace Sts.SigV4;

/// <summary>The signing algorithm a request used.</summary>
public enum SigV4Algorithm
{
    /// <summary><c>AWS4-HMAC-SHA256</c> (SigV4).</summary>
    HmacSha256,

    /// <summary><c>AWS4-ECDSA-P256-SHA256</c> (SigV4A, multi-region).</summary>
    EcdsaP256Sha256,
}
