namespace Sts.SigV4;

/// <summary>How the body is protected, from <c>x-amz-content-sha256</c>.</summary>
public enum SigV4PayloadMode
{
    /// <summary>The body's SHA-256 is signed; the body stream checks it at end of stream.</summary>
    SignedPayload,

    /// <summary><c>UNSIGNED-PAYLOAD</c>: the body is not covered by the signature.</summary>
    UnsignedPayload,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c> (or the ECDSA form): every chunk is signed.</summary>
    StreamingSigned,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER</c> (or the ECDSA form): signed chunks, signed trailer with a checksum.</summary>
    StreamingSignedTrailer,

    /// <summary><c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>: unsigned chunks; the trailing checksum is verified.</summary>
    StreamingUnsignedTrailer,
}
