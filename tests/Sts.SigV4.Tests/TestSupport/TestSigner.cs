using System.Security.Cryptography;
using System.Text;

namespace Sts.SigV4.Tests.TestSupport;

/// <summary>
/// A minimal SigV4 signer for negative tests (bad chunks, unsigned headers, skew). Correctness of the
/// algorithm itself is established by the suite, the S3 examples and the differential tests.
/// </summary>
internal sealed class TestSigner
{
    public const string AccessKeyId = "AKIATESTSIGNER";
    public const string Secret = "test/secret+key/EXAMPLE";

    public TestSigner(DateTimeOffset time, string service = "s3", string region = "us-east-1")
    {
        Time = time;
        Service = service;
        Region = region;
        SigningKey = new byte[32];
        SigV4Crypto.DeriveSigningKey(Secret, Date, region, service, SigningKey);
    }

    public DateTimeOffset Time { get; }

    public string Service { get; }

    public string Region { get; }

    public byte[] SigningKey { get; }

    public string Date => Time.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    public string AmzDate => Time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

    public static StaticCredentialResolver Resolver(string? token = null) => new StaticCredentialResolver().Add(AccessKeyId, Secret, token);

    /// <summary>Adds X-Amz-Date and Authorization, signing every header present (or <paramref name="signedHeaders"/>).</summary>
    public string SignHeaders(string method, string path, string query, List<KeyValuePair<string, string>> headers, string payloadHash, string? signedHeaders = null)
    {
        if (!headers.Exists(h => h.Key.Equals("x-amz-date", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("X-Amz-Date", AmzDate));
        }

        string signed = signedHeaders ?? SuiteSigner.SignedList(headers);
        string signature = Signature(SuiteSigner.Canonical(method, path, query, headers, signed, payloadHash, normalize: Service != "s3"));
        headers.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{Scope}, SignedHeaders={signed}, Signature={signature}"));
        return signature;
    }

    /// <summary>Returns the query with presigned parameters and X-Amz-Signature appended.</summary>
    public string Presign(string method, string path, string query, List<KeyValuePair<string, string>> headers, int expires = 3600, string? token = null, string payloadHash = "UNSIGNED-PAYLOAD")
    {
        string signed = SuiteSigner.SignedList(headers);
        var builder = new StringBuilder(query);
        void Append(string name, string value)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        Append("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
        Append("X-Amz-Credential", AccessKeyId + "/" + Scope);
        Append("X-Amz-Date", AmzDate);
        Append("X-Amz-Expires", expires.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append("X-Amz-SignedHeaders", signed);
        if (token is not null)
        {
            Append("X-Amz-Security-Token", token);
        }

        string signature = Signature(SuiteSigner.Canonical(method, path, builder.ToString(), headers, signed, payloadHash, normalize: Service != "s3"));
        Append("X-Amz-Signature", signature);
        return builder.ToString();
    }

    public string Signature(string canonicalRequest)
    {
        string stringToSign = $"AWS4-HMAC-SHA256\n{AmzDate}\n{Scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public string ChunkSignature(string previous, ReadOnlySpan<byte> data)
    {
        string stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{AmzDate}\n{Scope}\n{previous}\n{SigV4Crypto.EmptyHashHexString}\n{Convert.ToHexStringLower(SHA256.HashData(data))}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public string TrailerSignature(string previous, string canonicalTrailers)
    {
        string stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{AmzDate}\n{Scope}\n{previous}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalTrailers)))}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Builds a signed aws-chunked body for the given chunk payloads (a final empty chunk is appended).</summary>
    public byte[] SignedChunks(string seed, IEnumerable<byte[]> chunks, string? trailerLine = null)
    {
        var body = new MemoryStream();
        string previous = seed;
        foreach (byte[] chunk in chunks.Append([]))
        {
            previous = ChunkSignature(previous, chunk);
            body.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x};chunk-signature={previous}\r\n"));
            body.Write(chunk);
            if (chunk.Length > 0 || trailerLine is null)
            {
                body.Write("\r\n"u8);
            }
        }

        if (trailerLine is not null)
        {
            string trailerSignature = TrailerSignature(previous, trailerLine + "\n");
            body.Write(Encoding.ASCII.GetBytes($"{trailerLine}\r\nx-amz-trailer-signature:{trailerSignature}\r\n\r\n"));
        }

        return body.ToArray();
    }

    /// <summary>Builds an unsigned aws-chunked body with a trailer line.</summary>
    public static byte[] UnsignedChunks(IEnumerable<byte[]> chunks, string trailerLine)
    {
        var body = new MemoryStream();
        foreach (byte[] chunk in chunks)
        {
            body.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"0\r\n{trailerLine}\r\n\r\n"));
        return body.ToArray();
    }
}
