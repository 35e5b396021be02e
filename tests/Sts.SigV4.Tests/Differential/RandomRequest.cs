using System.Text;

namespace Sts.SigV4.Tests.Differential;

/// <summary>A random request for the differential tests, before signing; the path and query are already percent-encoded once.</summary>
internal sealed record RandomRequest(
    string Method,
    string Service,
    string Host,
    string EncodedPath,
    string EncodedQuery,
    List<KeyValuePair<string, string>> Headers,
    byte[] Body,
    bool Presign,
    bool SignPayload,
    string? Token)
{
    public const string AccessKeyId = "AKIDDIFFERENTIAL";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY/DIFF+KEY";
    public static readonly DateTime SignedAt = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static readonly string[] Pieces =
    [
        "a", "B", "z9", "-", "_", ".", "~", " ", "%", "+", "=", "&", "$", "@", "!", "'", "(", ")", "*", ",", ";", ":", "é", "ሴ", "😀", "key", "photos", "2024",
    ];

    /// <summary>Query text whose decoded and encoded sort orders agree (AWSSDK.Core sorts decoded names; the suite sorts encoded ones).</summary>
    private static readonly string[] SafeQueryPieces = ["a", "B", "z9", "-", "_", ".", "~", " ", "key", "photos", "2024"];

    public string Url => "https://" + Host + EncodedPath + (EncodedQuery.Length > 0 ? "?" + EncodedQuery : "");

    public static List<RandomRequest> Generate(int seed, int count, bool allowPresign = true, bool encodedOrderSafeQuery = false)
    {
        var random = new Random(seed);
        var list = new List<RandomRequest>(count);
        for (int i = 0; i < count; i++)
        {
            string service = random.Next(3) switch { 0 => "sts", 1 => "iam", _ => "s3" };
            bool presign = allowPresign && random.Next(3) == 0;
            string method = presign ? (random.Next(2) == 0 ? "GET" : "PUT") : new[] { "GET", "PUT", "POST", "DELETE", "HEAD" }[random.Next(5)];
            var path = new StringBuilder();
            int segments = random.Next(0, 4);
            for (int s = 0; s < segments; s++)
            {
                path.Append('/');
                int roll = random.Next(12);
                if (roll == 0 && !(encodedOrderSafeQuery && service != "s3"))
                {
                    continue; // an empty segment: "//" (AWSSDK.Core keeps it on non-S3 services, the suite collapses it)
                }

                path.Append(Uri.EscapeDataString(Text(random, Pieces)));
            }

            if (path.Length == 0 || random.Next(4) == 0)
            {
                path.Append('/');
            }

            var query = new List<string>();
            int parameters = random.Next(0, 5);
            for (int q = 0; q < parameters; q++)
            {
                string[] pieces = encodedOrderSafeQuery ? SafeQueryPieces : Pieces;
                string name = random.Next(5) == 0 && query.Count > 0 ? query[^1].Split('=')[0] : Uri.EscapeDataString(Text(random, pieces));
                query.Add(random.Next(6) == 0 ? name + "=" : name + "=" + Uri.EscapeDataString(Text(random, pieces)));
            }

            var headers = new List<KeyValuePair<string, string>>();
            int headerCount = random.Next(0, 4);
            for (int h = 0; h < headerCount; h++)
            {
                string name = random.Next(2) == 0 ? "x-amz-meta-m" + h : "X-Custom-" + h;
                string value = "  v" + random.Next(1000) + (random.Next(2) == 0 ? "   spaced    out " : "") + "x ";
                headers.Add(new(name, value));
            }

            byte[] body = method is "PUT" or "POST" && !presign ? RandomBytes(random, random.Next(0, 3000)) : [];
            if (service != "s3" && !presign && method == "POST" && random.Next(2) == 0)
            {
                headers.Add(new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
                body = Encoding.ASCII.GetBytes("Action=GetCallerIdentity&Version=2011-06-15");
            }

            string host = service == "s3" ? "bucket.s3.amazonaws.com" : service + ".amazonaws.com";
            string? token = random.Next(4) == 0 ? "FQoGZXIvYXdzE//token+with/slashes==" + random.Next(100) : null;
            list.Add(new RandomRequest(method, service, host, path.ToString(), string.Join('&', query), headers, body, presign, random.Next(2) == 0, token));
        }

        return list;
    }

    private static string Text(Random random, string[] pieces)
    {
        var text = new StringBuilder();
        int count = random.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
