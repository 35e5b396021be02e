using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.S3;

namespace Sts.Core.Tests.S3;

/// <summary>Runs s3-authorization-cases.json: request → operation → IAM checks (action, resource, bucket,
/// condition keys present with their values, keys absent).</summary>
public sealed class S3AuthorizationTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2026-11-27T22:00:00Z", CultureInfo.InvariantCulture));

    private static JsonArray Corpus() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "S3", "s3-authorization-cases.json")))!.AsArray();

    private static IEnumerable<TestCaseData> Cases() =>
        Corpus().Select(c => new TestCaseData(c!.ToJsonString()).SetName("Checks_" + c["name"]!.GetValue<string>()));

    private static List<KeyValuePair<string, string>> Pairs(JsonNode? node) =>
        node is null ? [] : node.AsArray().Select(p => new KeyValuePair<string, string>(p![0]!.GetValue<string>(), p[1]!.GetValue<string>())).ToList();

    [TestCaseSource(nameof(Cases))]
    public void Checks_Case_MatchesTheTable(string json)
    {
        var testCase = JsonNode.Parse(json)!;
        var query = Pairs(testCase["query"]);
        var headers = Pairs(testCase["headers"]);
        var facts = testCase["facts"]!;

        var parsed = S3RequestParser.Parse(testCase["method"]!.GetValue<string>(), testCase["path"]!.GetValue<string>(), query, headers);

        var expect = testCase["expect"]!;
        if (expect["error"] is { } error)
        {
            Assert.That(parsed.IsSuccess, Is.False, "the request should be refused");
            Assert.That(parsed.Error!.Code, Is.EqualTo(error["code"]!.GetValue<string>()));
            Assert.That(parsed.Error.HttpStatus, Is.EqualTo(error["status"]!.GetValue<int>()));
            Assert.That(parsed.Error.Message, Is.Not.Empty);
            return;
        }

        Assert.That(parsed.IsSuccess, Is.True, () => parsed.Error!.ToString());
        Assert.That(parsed.Value.Kind.ToString(), Is.EqualTo(expect["operation"]!.GetValue<string>()));

        IReadOnlyList<KeyValuePair<string, string>>? requestTags = facts["requestObjectTags"] is { } explicitTags ? Pairs(explicitTags) : null;
        if (facts["requestTagsFromHeader"] is not null)
        {
            requestTags = S3TagSet.ParseHeader(headers.First(h => h.Key == "x-amz-tagging").Value).Value;
        }

        var requestFacts = new S3RequestFacts
        {
            Time = Clock.GetUtcNow(),
            IsSecureTransport = facts["secure"]?.GetValue<bool>() ?? false,
            SourceIp = IPAddress.Parse(facts["sourceIp"]?.GetValue<string>() ?? "127.0.0.1"),
            Region = string.Empty,
            AuthType = Enum.Parse<S3AuthType>(facts["authType"]?.GetValue<string>() ?? "Header"),
            SignatureVersion = "AWS4-HMAC-SHA256",
            Query = query,
            Headers = headers,
            RequestObjectTags = requestTags,
            BucketTags = Pairs(facts["bucketTags"]),
            ExistingObjectTags = Pairs(facts["existingObjectTags"]),
            CopySourceBucketTags = Pairs(facts["copySourceBucketTags"]),
            CopySourceObjectTags = Pairs(facts["copySourceObjectTags"]),
        };

        var checks = S3Authorization.Checks(parsed.Value, requestFacts);

        var expected = expect["checks"]!.AsArray();
        Assert.That(checks.Select(c => c.Action), Is.EqualTo(expected.Select(c => c!["action"]!.GetValue<string>())));
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i]!;
            var check = checks[i];
            Assert.That(check.Resource, Is.EqualTo(want["resource"]!.GetValue<string>()), check.Action);
            Assert.That(check.Bucket, Is.EqualTo(want["bucket"]?.GetValue<string>()), check.Action);
            foreach (var (key, values) in want["context"]!.AsObject())
            {
                Assert.That(check.Context.TryGetValue(key, out var actual), Is.True, $"{check.Action}: {key} missing");
                Assert.That(actual, Is.EqualTo(values!.AsArray().Select(v => v!.GetValue<string>())), $"{check.Action}: {key}");
            }

            foreach (var absent in want["absent"]!.AsArray())
            {
                Assert.That(check.Context.ContainsKey(absent!.GetValue<string>()), Is.False, $"{check.Action}: {absent} should be absent");
            }
        }
    }

    [Test]
    public void Checks_ConditionKeyNames_AreCaseInsensitive()
    {
        var operation = S3RequestParser.Parse("GET", "/b-1/k", [], []).Value;
        var check = S3Authorization.Checks(operation, new S3RequestFacts { Time = Clock.GetUtcNow(), IsSecureTransport = false }).Single();
        Assert.That(check.Context.ContainsKey("AWS:SECURETRANSPORT"), Is.True);
    }

    [TestCase("a=1&b=2", 2)]
    [TestCase("", 0)]
    [TestCase("k%20x=v+y", 1)]
    public void ParseHeader_Valid_ReadsTags(string header, int count) =>
        Assert.That(S3TagSet.ParseHeader(header).Value, Has.Count.EqualTo(count));

    [TestCase("a=1&a=2", "same key")]
    [TestCase("=v", "TagKey")]
    [TestCase("1=&2=&3=&4=&5=&6=&7=&8=&9=&10=&11=", "greater than 10")]
    public void ParseHeader_Invalid_ReturnsInvalidTag(string header, string message)
    {
        var result = S3TagSet.ParseHeader(header);
        Assert.That(result.Error!.Code, Is.EqualTo("InvalidTag"));
        Assert.That(result.Error.Message, Does.Contain(message));
    }

    [Test]
    public void Validate_DuplicateKeysWhenAllowed_IsAccepted() =>
        Assert.That(S3TagSet.Validate([new("Department", "Engineering"), new("Department", "Marketing")], allowDuplicateKeys: true, maxTags: 50), Is.Null);

    [TestCase(true, "NoSuchKey", 404)]
    [TestCase(false, "AccessDenied", 403)]
    public void MissingKey_ListBucketAllowedOrNot_Answers404Or403(bool canList, string code, int status)
    {
        var operation = S3RequestParser.Parse("HEAD", "/b-1/missing", [], []).Value;
        var facts = new S3RequestFacts { Time = Clock.GetUtcNow(), IsSecureTransport = false, BucketTags = [new("Department", "Engineering")] };
        var asked = new List<S3AuthorizationCheck>();

        var error = S3Authorization.MissingKey(operation, facts, check =>
        {
            asked.Add(check);
            return canList && check.Action == "s3:ListBucket";
        });

        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.HttpStatus, Is.EqualTo(status));
        Assert.That(asked.Single().Resource, Is.EqualTo("arn:aws:s3:::b-1"));
        Assert.That(asked.Single().Context["s3:ResourceTag/Department"], Is.EqualTo(new[] { "Engineering" }));
    }

    [Test]
    public void Authorize_CopyObjectWithGetDenied_IsAccessDeniedAfterAskingBothChecksInOrder()
    {
        var operation = S3RequestParser.Parse("PUT", "/dst-1/k", [], [new("x-amz-copy-source", "src-1/k")]).Value;
        var asked = new List<string>();

        var error = S3Authorization.Authorize(operation, new S3RequestFacts { Time = Clock.GetUtcNow(), IsSecureTransport = false }, check =>
        {
            asked.Add(check.Action + " " + check.Resource);
            return check.Action == "s3:PutObject";
        });

        Assert.That(error!.Code, Is.EqualTo("AccessDenied"));
        Assert.That(asked, Is.EqualTo(new[] { "s3:PutObject arn:aws:s3:::dst-1/k", "s3:GetObject arn:aws:s3:::src-1/k" }));
        Assert.That(S3Authorization.Authorize(operation, new S3RequestFacts { Time = Clock.GetUtcNow(), IsSecureTransport = false }, _ => true), Is.Null);
    }
}
