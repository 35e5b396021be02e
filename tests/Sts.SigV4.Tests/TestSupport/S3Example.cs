using System.Text;

namespace Sts.SigV4.Tests.TestSupport;

/// <summary>Inputs shared by the S3 API reference's worked examples (AKIAIOSFODNN7EXAMPLE, 2013-05-24, us-east-1, s3).</summary>
internal static class S3Example
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static readonly DateTimeOffset Time = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    public static StaticCredentialResolver Resolver() => new StaticCredentialResolver().Add(AccessKeyId, Secret);

    public static SigV4Verifier Verifier(TimeProvider time, SigV4VerifierOptions? options = null) =>
        new(options ?? new SigV4VerifierOptions(), Resolver(), time);

    public static string Authorization(string signedHeaders, string signature, string date = "20130524") =>
        $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{date}/us-east-1/s3/aws4_request,SignedHeaders={signedHeaders},Signature={signature}";

    public static SigV4Request Request(string method, string path, string query, byte[]? body, params (string Name, string Value)[] headers) => new()
    {
        Method = method,
        RawPath = path,
        RawQuery = query,
        Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList(),
        Body = body is null ? null : new MemoryStream(body),
    };

    /// <summary>Example 6's aws-chunked body: 65536 + 1024 bytes of 'a' with the documented chunk signatures.</summary>
    public static byte[] ChunkedBody(string first, string second, string final, string? trailer = null)
    {
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        Write($"10000;chunk-signature={first}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 65536).ToArray());
        Write("\r\n");
        Write($"400;chunk-signature={second}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 1024).ToArray());
        Write("\r\n");
        Write($"0;chunk-signature={final}\r\n");
        Write(trailer ?? "\r\n");
        return body.ToArray();
    }

    public static async Task<byte[]> ReadAll(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
