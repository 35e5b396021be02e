using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sts.Core.WebIdentity;

/// <summary>
/// A JWS in compact serialization, parsed but not yet trusted: the header fields the validator
/// needs (checked before any key lookup), the payload as JSON, the signing input and the signature.
/// </summary>
internal sealed class CompactJwt
{
    private const int StackHeaderLimit = 512;

    /// <summary>Signing inputs up to this many characters are hashed from a stack buffer (typical tokens are under 2,000).</summary>
    private const int StackSigningInputLimit = 2048;

    /// <summary>The base64url alphabet (RFC 7515 §2): no padding, no whitespace (which the BCL decoder would skip).</summary>
    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>
    /// The last header segment read successfully and what it said. An issuer's tokens share one header text
    /// (same alg, same kid) until it rotates keys, so most tokens skip decoding and reading it; equal text
    /// always reads the same, so the result is the same. Immutable entries, swapped whole: safe across threads.
    /// </summary>
    private static ReadHeaderText? s_lastHeader;

    private readonly string _token;
    private readonly int _signingInputLength;

    private CompactJwt(JwsAlgorithm algorithm, string? keyId, JwtPayload payload, string token, int signingInputLength, byte[] signature)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        Payload = payload;
        _token = token;
        _signingInputLength = signingInputLength;
        Signature = signature;
    }

    internal JwsAlgorithm Algorithm { get; }

    internal string? KeyId { get; }

    /// <summary>The payload: the checked claims typed, every claim by name on demand.</summary>
    internal JwtPayload Payload { get; }

    internal byte[] Signature { get; }

    /// <summary>
    /// Hashes the signing input (the ASCII bytes of <c>header.payload</c>, which the signature covers) with
    /// the algorithm's hash, without allocating: the bytes go through a stack (or pooled) buffer.
    /// </summary>
    /// <param name="destination">At least the digest size of the algorithm's hash (64 bytes fit them all).</param>
    /// <returns>The number of bytes written.</returns>
    internal int HashSigningInput(Span<byte> destination)
    {
        // Parse proved header and payload base64url, so the signing input is ASCII: one byte per character.
        var length = _signingInputLength;
        var rented = length > StackSigningInputLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var ascii = rented is null ? stackalloc byte[StackSigningInputLimit] : rented.AsSpan();
            var written = Encoding.ASCII.GetBytes(_token.AsSpan(0, length), ascii);
            return CryptographicOperations.HashData(Algorithm.Hash(), ascii[..written], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Parses a token whose length the caller has already bounded.</summary>
    internal static StsResult<CompactJwt> Parse(string token)
    {
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (secondDot < 0)
        {
            return WebIdentityErrors.Invalid("The web identity token is not a JWT: expected three dot-separated parts");
        }

        if (token.IndexOf('.', secondDot + 1) >= 0)
        {
            return WebIdentityErrors.Invalid("The web identity token has more than three parts: encrypted (JWE) tokens are not supported");
        }

        var headerText = token.AsSpan(0, firstDot);
        var payloadText = token.AsSpan(firstDot + 1, secondDot - firstDot - 1);
        var signatureText = token.AsSpan(secondDot + 1);
        if (headerText.IsEmpty || payloadText.IsEmpty)
        {
            return WebIdentityErrors.Invalid("The web identity token has an empty header or payload");
        }

        JwsAlgorithm algorithm;
        string? keyId;
        var lastHeader = s_lastHeader;
        if (lastHeader is not null && headerText.SequenceEqual(lastHeader.Text))
        {
            (algorithm, keyId) = (lastHeader.Algorithm, lastHeader.KeyId);
        }
        else
        {
            var headerResult = ReadHeader(headerText);
            if (!headerResult.IsSuccess)
            {
                return headerResult.Error;
            }

            (algorithm, keyId) = headerResult.Value;
            s_lastHeader = new ReadHeaderText(headerText.ToString(), algorithm, keyId);
        }

        if (signatureText.IsEmpty)
        {
            return WebIdentityErrors.Invalid("The web identity token is not signed (empty signature)");
        }

        var payloadBytes = DecodeSegment(payloadText);
        if (payloadBytes is null)
        {
            return WebIdentityErrors.Invalid("The web identity token payload is not base64url");
        }

        var signature = DecodeSegment(signatureText);
        if (signature is null)
        {
            return WebIdentityErrors.Invalid("The web identity token signature is not base64url");
        }

        var payload = JwtPayload.Read(payloadBytes);
        if (!payload.IsSuccess)
        {
            return payload.Error;
        }

        return new CompactJwt(algorithm, keyId, payload.Value, token, secondDot, signature);
    }

    private sealed record ReadHeaderText(string Text, JwsAlgorithm Algorithm, string? KeyId);

    private static byte[]? DecodeSegment(ReadOnlySpan<char> segment)
    {
        if (segment.ContainsAnyExcept(Base64UrlAlphabet))
        {
            return null;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(segment.Length)];
        var status = Base64Url.DecodeFromChars(segment, buffer, out var consumed, out var written);
        if (status != OperationStatus.Done || consumed != segment.Length)
        {
            return null;
        }

        return written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes the header into a stack (or pooled) buffer and reads it.</summary>
    private static StsResult<(JwsAlgorithm Algorithm, string? KeyId)> ReadHeader(ReadOnlySpan<char> text)
    {
        if (text.ContainsAnyExcept(Base64UrlAlphabet))
        {
            return WebIdentityErrors.Invalid("The web identity token header is not base64url");
        }

        var length = Base64Url.GetMaxDecodedLength(text.Length);
        var rented = length > StackHeaderLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var buffer = rented is null ? stackalloc byte[StackHeaderLimit] : rented.AsSpan();
            var status = Base64Url.DecodeFromChars(text, buffer, out var consumed, out var written);
            if (status != OperationStatus.Done || consumed != text.Length)
            {
                return WebIdentityErrors.Invalid("The web identity token header is not base64url");
            }

            return ParseHeader(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static StsResult<(JwsAlgorithm Algorithm, string? KeyId)> ParseHeader(ReadOnlySpan<byte> header)
    {
        string? alg = null;
        JwsAlgorithm? algorithm = null;
        string? kid = null;
        var sawAlg = false;
        var sawKid = false;
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return WebIdentityErrors.Invalid("The web identity token header is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("alg"u8))
                {
                    reader.Read();
                    if (sawAlg || reader.TokenType != JsonTokenType.String)
                    {
                        return WebIdentityErrors.Invalid("The web identity token header has a repeated or non-string 'alg'");
                    }

                    sawAlg = true;
                    if (!reader.ValueIsEscaped && JwsAlgorithms.TryParse(reader.ValueSpan, out var parsed))
                    {
                        algorithm = parsed;
                    }
                    else
                    {
                        alg = reader.GetString()!;
                        if (JwsAlgorithms.TryParse(Encoding.UTF8.GetBytes(alg), out parsed))
                        {
                            algorithm = parsed;
                        }
                    }
                }
                else if (reader.ValueTextEquals("kid"u8))
                {
                    reader.Read();
                    if (sawKid || reader.TokenType != JsonTokenType.String)
                    {
                        return WebIdentityErrors.Invalid("The web identity token header has a repeated or non-string 'kid'");
                    }

                    sawKid = true;
                    kid = reader.GetString();
                }
                else if (reader.ValueTextEquals("crit"u8))
                {
                    return WebIdentityErrors.Invalid("The web identity token header lists critical extensions ('crit'), which are not supported");
                }
                else
                {
                    // typ, jku, x5u, jwk, x5c...: never used; keys come only from the registered issuer's JWKS.
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return WebIdentityErrors.Invalid("The web identity token header is not a single JSON object");
            }
        }
        catch (JsonException)
        {
            return WebIdentityErrors.Invalid("The web identity token header is not valid JSON");
        }

        if (!sawAlg)
        {
            return WebIdentityErrors.Invalid("The web identity token header has no 'alg'");
        }

        if (algorithm is null)
        {
            return WebIdentityErrors.Invalid($"Unsupported token signing algorithm {WebIdentityErrors.Quote(alg)}: expected RS256/384/512, PS256/384/512 or ES256/384/512");
        }

        return (algorithm.Value, kid);
    }
}
