using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sts.Core.SecurityToken;
using Sts.SigV4;

namespace QuickStart;

/// <summary>Signs a GET the way every S3 client does (AWS Signature Version 4, headers), so the sample needs no SDK.</summary>
internal static class ExampleSigner
{
    public static SigV4Request SignGet(string path, TemporaryCredentials credentials, DateTimeOffset now, string region = "us-east-1")
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{amzDate[..8]}/{region}/s3/aws4_request";
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "s3.example",
            ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD",
            ["x-amz-date"] = amzDate,
            ["x-amz-security-token"] = credentials.SessionToken,
        };
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = $"GET\n{path}\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\nUNSIGNED-PAYLOAD";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey);
        foreach (var part in scope.Split('/'))
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Request { Method = "GET", RawPath = path, Headers = [.. headers, new("Authorization", authorization)] };
    }
}
