namespace Sts.SigV4;

/// <summary>Choosing the verifying body stream for the payload mode.</summary>
public sealed partial class SigV4Verifier
{
    private SigV4Error? WrapBody(
        ref Pending pending,
        Stream? body,
        byte[]? signingKey,
        SigV4AKeys.Entry? ecdsa,
        ReadOnlySpan<char> scope,
        ReadOnlySpan<char> seedSignature,
        out Stream verified)
    {
        SigV4ServiceFamily family = pending.Service.Family;
        verified = Stream.Null;
        switch (pending.PayloadMode)
        {
            case SigV4PayloadMode.UnsignedPayload:
                verified = body ?? Stream.Null;
                return null;

            case SigV4PayloadMode.SignedPayload:
                if (body is null || body is MemoryStream { CanWrite: false } && pending.HashBodyHere)
                {
                    if (body is null && !pending.PayloadHash.Equals(SigV4Crypto.EmptyHashHexString, StringComparison.Ordinal))
                    {
                        return new SigV4Error(SigV4ErrorCode.XAmzContentSHA256Mismatch, family, "The provided 'x-amz-content-sha256' header does not match what was computed (the request has no body).");
                    }

                    verified = body ?? Stream.Null;
                    return null;
                }

                verified = new PayloadHashStream(body, Convert.FromHexString(pending.PayloadHash), family);
                return null;

            default:
                if (body is null)
                {
                    return new SigV4Error(SigV4ErrorCode.IncompleteBody, family, "A streaming upload has no body.");
                }

                bool signedChunks = pending.PayloadMode != SigV4PayloadMode.StreamingUnsignedTrailer;
                bool trailer = pending.PayloadMode != SigV4PayloadMode.StreamingSigned;
                ChunkSignatureChain? chain = null;
                if (signedChunks)
                {
                    string scopeText = scope.ToString();
                    chain = signingKey is not null
                        ? ChunkSignatureChain.ForHmac(signingKey, pending.Time, scopeText, seedSignature)
                        : ChunkSignatureChain.ForEcdsa(ecdsa!.PublicKey, pending.Time, scopeText, seedSignature);
                }

                TrailingChecksum? checksum = trailer ? TrailingChecksum.TryCreate(pending.TrailerName) : null;
                verified = new AwsChunkedStream(body, chain, checksum, trailer, pending.DecodedLength, _options.MaxChunkSize, _options.MinChunkSize, family);
                return null;
        }
    }
}
