using System.Security.Cryptography;
using System.Text;

namespace Sts.SigV4.Tests.TestSupport;

/// <summary>
/// Drives the library's canonicalizer the way a signer would for a suite case: adds the signing headers or
/// query parameters the suite's context asks for and returns each intermediate the suite records.
/// </summary>
internal static class SuiteSigner
{
    public sealed record Intermediates(string CanonicalRequest, string StringToSign, string Signature);

    public static Intermediates Header(SuiteCase c, bool sigV4A)
    {
        RawHttpRequest request = c.Request();
        var headers = new List<KeyValuePair<string, string>>(request.Headers);
        string amzDate = c.Timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        headers.Add(new("X-Amz-Date", amzDate));
        if (sigV4A)
        {
            headers.Add(new("X-Amz-Region-Set", c.Region));
        }

        if (c.Token is not null && !c.OmitSessionToken)
        {
            headers.Add(new("X-Amz-Security-Token", c.Token));
        }

        string payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        if (c.SignBody)
        {
            headers.Add(new("X-Amz-Content-Sha256", payloadHash));
        }

        string signed = SignedList(headers);
        string canonical = Canonical(request.Method, request.RawPath, request.RawQuery, headers, signed, payloadHash, c.Normalize);
        return Finish(c, canonical, sigV4A);
    }

    public static Intermediates Query(SuiteCase c, bool sigV4A)
    {
        RawHttpRequest request = c.Request();
        string amzDate = c.Timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string signed = SignedList(request.Headers);
        var query = new StringBuilder(request.RawQuery);
        void Append(string name, string value)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        Append("X-Amz-Algorithm", sigV4A ? "AWS4-ECDSA-P256-SHA256" : "AWS4-HMAC-SHA256");
        Append("X-Amz-Credential", c.AccessKeyId + "/" + Scope(c, sigV4A));
        Append("X-Amz-Date", amzDate);
        Append("X-Amz-SignedHeaders", signed);
        Append("X-Amz-Expires", c.ExpiresSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (sigV4A)
        {
            Append("X-Amz-Region-Set", c.Region);
        }

        if (c.Token is not null && !c.OmitSessionToken)
        {
            Append("X-Amz-Security-Token", c.Token);
        }

        string payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        string canonical = Canonical(request.Method, request.RawPath, query.ToString(), request.Headers, signed, payloadHash, c.Normalize);
        return Finish(c, canonical, sigV4A);
    }

    public static string Scope(SuiteCase c, bool sigV4A) =>
        c.Timestamp.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + (sigV4A ? "" : "/" + c.Region) + "/" + c.Service + "/aws4_request";

    public static string Canonical(string method, string path, string query, IReadOnlyList<KeyValuePair<string, string>> headers, string signed, string payloadHash, bool normalize)
    {
        var buffer = new ByteBuffer(256);
        try
        {
            bool ok = Canonicalizer.TryWriteCanonicalRequest(ref buffer, method, path, query, headers, signed, payloadHash, normalize, dropSignatureParameter: true, out _);
            Assert.That(ok, Is.True, "every signed header is present");
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    public static string SignedList(IEnumerable<KeyValuePair<string, string>> headers) =>
        string.Join(';', headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));

    private static Intermediates Finish(SuiteCase c, string canonical, bool sigV4A)
    {
        string amzDate = c.Timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string stringToSign = (sigV4A ? "AWS4-ECDSA-P256-SHA256" : "AWS4-HMAC-SHA256") + "\n" + amzDate + "\n" + Scope(c, sigV4A) + "\n" +
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        string signature = string.Empty;
        if (!sigV4A)
        {
            byte[] key = new byte[32];
            SigV4Crypto.DeriveSigningKey(c.SecretAccessKey, amzDate.AsSpan(0, 8), c.Region, c.Service, key);
            signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        }

        return new Intermediates(canonical, stringToSign, signature);
    }
}
