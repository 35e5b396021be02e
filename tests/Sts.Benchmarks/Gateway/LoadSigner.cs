using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sts.Benchmarks.Gateway;

/// <summary>
/// A minimal SigV4 signer for the load test (header form, region us-east-1, signed headers host, x-amz-content-sha256
/// and x-amz-date). It runs before the clock starts; the server's verification is what is measured. The gateway
/// refuses a wrong signature, so a mistake here fails the run at set-up rather than skewing figures.
/// </summary>
internal sealed class LoadSigner(string accessKeyId, string secretAccessKey)
{
    private const string Region = "us-east-1";

    /// <summary>A Query-protocol POST (STS or IAM) with a form body.</summary>
    public SignedRequest Query(string url, string service, string form) =>
        Sign(url, HttpMethod.Post, "/", service, Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded; charset=utf-8");

    /// <summary>An S3 request (path-style).</summary>
    public SignedRequest S3(string url, HttpMethod method, string path, byte[] body) =>
        Sign(url, method, path, "s3", method == HttpMethod.Get ? null : body, null);

    private SignedRequest Sign(string url, HttpMethod method, string path, string service, byte[]? body, string? contentType)
    {
        var host = new Uri(url).Authority;
        var now = TimeProvider.System.GetUtcNow();
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body ?? []));
        const string signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        var canonical = $"{method.Method}\n{path}\n\nhost:{host}\nx-amz-content-sha256:{payloadHash}\nx-amz-date:{amzDate}\n\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{Region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, Region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, toSign));
        return new SignedRequest(method, url, path,
        [
            new("x-amz-date", amzDate),
            new("x-amz-content-sha256", payloadHash),
            new("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"),
        ], body, contentType);
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
