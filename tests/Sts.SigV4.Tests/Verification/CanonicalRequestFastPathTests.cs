using System.Text;

namespace Sts.SigV4.Tests.Verification;

/// <summary>
/// The single-pass canonical request writer used for header-signed requests: whenever it answers, its bytes are exactly
/// the general canonicalizer's; everything outside its common shape is declined and left to the general canonicalizer.
/// </summary>
public sealed class CanonicalRequestFastPathTests
{
    private const string Hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly KeyValuePair<string, string>[] CommonHeaders =
    [
        new("Host", "examplebucket.s3.amazonaws.com"),
        new("User-Agent", "aws-sdk-dotnet/4.1.0 os/linux"),
        new("Range", "bytes=0-1023"),
        new("X-Amz-Date", "20240601T120000Z"),
        new("X-Amz-Content-SHA256", Hash),
    ];

    private const string CommonSigned = "host;range;x-amz-content-sha256;x-amz-date";

    private static IEnumerable<TestCaseData> CommonShapes()
    {
        yield return Case("plain path and one parameter", "GET", "/photos/2024/holiday%20picture.jpg", "versionId=3HL4kqtJlcpXroDTDmJ", normalize: false);
        yield return Case("no query", "PUT", "/bucket/key", "", normalize: false);
        yield return Case("empty path is slash", "GET", "", "", normalize: false);
        yield return Case("lower-case escapes are upper-cased", "GET", "/a%2fb%3a", "", normalize: false);
        yield return Case("escaped unreserved characters are decoded", "GET", "/%41%7E%2D", "", normalize: false);
        yield return Case("reserved characters are escaped", "GET", "/a:b@c!d$e", "", normalize: false);
        yield return Case("a lone percent is escaped", "GET", "/100%", "", normalize: false);
        yield return Case("an invalid escape is escaped", "GET", "/a%zzb%4", "", normalize: false);
        yield return Case("plus in a path is not a space", "GET", "/a+b", "", normalize: false);
        yield return Case("plus in a query is a space", "GET", "/", "q=a+b", normalize: false);
        yield return Case("valueless parameter", "GET", "/", "acl", normalize: false);
        yield return Case("empty value", "GET", "/", "prefix=", normalize: false);
        yield return Case("equals sign inside a value", "GET", "/", "a=b=c", normalize: false);
        yield return Case("slash and escapes in a query value", "GET", "/", "prefix=photos/2024%2f%20x", normalize: false);
        yield return Case("empty parameter name", "GET", "/", "=x", normalize: false);
        yield return Case("normalized root path", "POST", "/", "", normalize: true);
        yield return Case("normalized empty path", "POST", "", "", normalize: true);
        yield return new TestCaseData("GET", "/k", "", new KeyValuePair<string, string>[] { new("host", "h"), new("x-amz-meta-a", "one two"), new("X-AMZ-META-A", "three") }, "host;x-amz-meta-a", false)
            .SetName("TryWrite_CommonShape_MatchesCanonicalizer(repeated header joined with commas, single interior space)");
        yield return new TestCaseData("GET", "/k", "", new KeyValuePair<string, string>[] { new("host", "h"), new("x-amz-meta-e", "") }, "host;x-amz-meta-e", false)
            .SetName("TryWrite_CommonShape_MatchesCanonicalizer(empty header value)");
        yield return new TestCaseData("GET", "/k", "", new KeyValuePair<string, string>[] { new("host", "h"), new("x\u0131st", "not signed"), new("id", "y") }, "host;id", false)
            .SetName("TryWrite_CommonShape_MatchesCanonicalizer(non-ASCII header name whose ASCII first character already differs)");
    }

    private static IEnumerable<TestCaseData> DeclinedShapes()
    {
        yield return Declined("several query parameters need sorting", "GET", "/k", "b=2&a=1", CommonHeaders, CommonSigned, normalize: false);
        yield return Declined("non-ASCII path", "GET", "/caf\u00e9", "", CommonHeaders, CommonSigned, normalize: false);
        yield return Declined("non-ASCII query", "GET", "/k", "q=\u00e9", CommonHeaders, CommonSigned, normalize: false);
        yield return Declined("path to normalize", "GET", "/a/./b//c", "", CommonHeaders, CommonSigned, normalize: true);
        yield return Declined("value with leading space", "GET", "/k", "", [new("host", " h")], "host", normalize: false);
        yield return Declined("value with trailing space", "GET", "/k", "", [new("host", "h ")], "host", normalize: false);
        yield return Declined("value with a run of spaces", "GET", "/k", "", [new("host", "a  b")], "host", normalize: false);
        yield return Declined("value with a tab", "GET", "/k", "", [new("host", "a\tb")], "host", normalize: false);
        yield return Declined("value with a line break", "GET", "/k", "", [new("host", "a\r\n b")], "host", normalize: false);
        yield return Declined("non-ASCII value", "GET", "/k", "", [new("host", "h\u00e9")], "host", normalize: false);
        yield return Declined("non-ASCII header name of the signed name's length", "GET", "/k", "", [new("host", "h"), new("\u0131d", "x"), new("id", "y")], "host;id", normalize: false);
        yield return Declined("signed header missing", "GET", "/k", "", [new("host", "h")], "host;x-amz-date", normalize: false);
    }

    [TestCaseSource(nameof(CommonShapes))]
    public void TryWrite_CommonShape_MatchesCanonicalizer(string method, string path, string query, KeyValuePair<string, string>[] headers, string signed, bool normalize)
    {
        string? fast = Fast(method, path, query, headers, signed, normalize, 2048);

        Assert.That(fast, Is.Not.Null, "the common shape takes the fast path");
        Assert.That(fast, Is.EqualTo(General(method, path, query, headers, signed, normalize)));
    }

    [TestCaseSource(nameof(DeclinedShapes))]
    public void TryWrite_UnusualShape_Declines(string method, string path, string query, KeyValuePair<string, string>[] headers, string signed, bool normalize)
    {
        Assert.That(Fast(method, path, query, headers, signed, normalize, 2048), Is.Null);
    }

    [Test]
    public void TryWrite_DestinationTooSmall_Declines()
    {
        string general = General("GET", "/photos/a%20b", "versionId=1", CommonHeaders, CommonSigned, normalize: false)!;

        for (int size = 0; size < Encoding.UTF8.GetByteCount(general); size += 7)
        {
            Assert.That(Fast("GET", "/photos/a%20b", "versionId=1", CommonHeaders, CommonSigned, normalize: false, size), Is.Null, $"{size} bytes");
        }
    }

    [Test]
    public void TryWrite_RandomRequests_NeverDisagreesWithCanonicalizer()
    {
        var random = new Random(20241128);
        const string Alphabet = "aZ09-_.~/%%+= :@!$&'()*,;2fF\t\u00e9\u20ac";
        string Text(int max)
        {
            var builder = new StringBuilder();
            int length = random.Next(max + 1);
            for (int i = 0; i < length; i++)
            {
                builder.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            return builder.ToString();
        }

        int answered = 0;
        for (int i = 0; i < 20000; i++)
        {
            string path = "/" + Text(24);
            string query = random.Next(3) == 0 ? "" : Text(16).Replace("&", "", StringComparison.Ordinal);
            KeyValuePair<string, string>[] headers =
            [
                new("Host", Text(12)),
                new(random.Next(2) == 0 ? "X-Amz-Meta-One" : "x-amz-meta-one", Text(20)),
                new("x-amz-meta-one", Text(6)),
            ];
            bool normalize = random.Next(4) == 0;
            const string Signed = "host;x-amz-meta-one";
            string? fast = Fast("GET", path, query, headers, Signed, normalize, 4096);
            if (fast is null)
            {
                continue;
            }

            answered++;
            Assert.That(fast, Is.EqualTo(General("GET", path, query, headers, Signed, normalize)), $"path '{path}', query '{query}'");
        }

        Assert.That(answered, Is.GreaterThan(500), "the generator reaches the fast path");
    }

    private static TestCaseData Case(string name, string method, string path, string query, bool normalize) =>
        new TestCaseData(method, path, query, CommonHeaders, CommonSigned, normalize).SetName($"TryWrite_CommonShape_MatchesCanonicalizer({name})");

    private static TestCaseData Declined(string name, string method, string path, string query, KeyValuePair<string, string>[] headers, string signed, bool normalize) =>
        new TestCaseData(method, path, query, headers, signed, normalize).SetName($"TryWrite_UnusualShape_Declines({name})");

    private static string? Fast(string method, string path, string query, KeyValuePair<string, string>[] headers, string signed, bool normalize, int size)
    {
        byte[] destination = new byte[size];
        return CanonicalRequestFastPath.TryWrite(destination, method, path, query, headers, signed, Hash, normalize, out int written)
            ? Encoding.UTF8.GetString(destination, 0, written)
            : null;
    }

    private static string? General(string method, string path, string query, KeyValuePair<string, string>[] headers, string signed, bool normalize)
    {
        var buffer = new ByteBuffer(256);
        try
        {
            return Canonicalizer.TryWriteCanonicalRequest(ref buffer, method, path, query, headers, signed, Hash, normalize, dropSignatureParameter: false, out _)
                ? Encoding.UTF8.GetString(buffer.WrittenSpan)
                : null;
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
