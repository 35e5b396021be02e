using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sts.Core.S3;

namespace Sts.Gateway.Tests;

/// <summary>Multipart uploads through the shipped authorizer: boto3's upload_file going multipart and a hand-driven upload
/// under an IAM user's policy (s3:PutObject, s3:ListMultipartUploadParts, no s3:AbortMultipartUpload), and the AWS SDK
/// for .NET sending aws-chunked parts. One gateway serves the fixture.</summary>
[TestFixture]
public sealed class MultipartUploadTests
{
    private const string RootKey = "AKIAGATEWAYTESTROOT1";
    private const string RootSecret = "gatewaytestrootsecretgatewaytestrootsecr";
    private const int Mib = 1024 * 1024;

    private readonly ConcurrentQueue<string> _uploadPartPayloads = new();
    private GatewayHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await GatewayHost.StartAsync(services =>
        services.AddSingleton<IRequestAuthorizer>(sp => new PayloadRecordingAuthorizer(ActivatorUtilities.CreateInstance<SigV4RequestAuthorizer>(sp), _uploadPartPayloads)));

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task Boto3_UploadFileAboveThresholdAndManualUpload_MultipartWithS3ETagsAndActions()
    {
        var (exit, output, errors) = await Python.RunAsync("s3_multipart.py", _host.Url, RootKey, RootSecret);

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        Assert.That(result["partsSent"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(result["etag"]!.GetValue<string>(), Is.EqualTo(result["expectedETag"]!.GetValue<string>()).And.EndWith("-3\""));
        Assert.That(result["size"]!.GetValue<long>(), Is.EqualTo(12 * Mib));
        Assert.That(result["roundTrip"]!.GetValue<bool>(), Is.True);
        Assert.That(result["listedParts"]!.AsArray().Single()!["PartNumber"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(result["listedParts"]![0]!["Size"]!.GetValue<int>(), Is.EqualTo(1000));
        Assert.That(result["listedParts"]![0]!["ETag"]!.GetValue<string>(), Is.EqualTo(result["partETag"]!.GetValue<string>()));
        Assert.That(result["partETag"]!.GetValue<string>(), Is.EqualTo($"\"{Convert.ToHexStringLower(Md5(Enumerable.Repeat((byte)'x', 1000).ToArray()))}\""));
        Expect(result, "userAbort", "AccessDenied", 403);
        Expect(result, "rootAbort", null, 204);
        Expect(result, "listAfterAbort", "NoSuchUpload", 404);
        Expect(result, "unknownUpload", "NoSuchUpload", 404);
        Expect(result, "tooSmall", "EntityTooSmall", 400);
        Expect(result, "wrongOrder", "InvalidPartOrder", 400);
        Expect(result, "onePart", null, 200);
        Assert.That(result["smallBody"]!.GetValue<string>(), Is.EqualTo(new string('b', 100)));
    }

    [Test]
    public async Task AwsSdkForDotNet_AwsChunkedParts_CompleteWithMd5OfMd5sETag()
    {
        using var s3 = new AmazonS3Client(new BasicAWSCredentials(RootKey, RootSecret), new AmazonS3Config
        {
            ServiceURL = _host.Url,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "sdk-multipart" });
        var first = RandomNumberGenerator.GetBytes(5 * Mib);
        var second = RandomNumberGenerator.GetBytes(Mib + 17);

        var initiated = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = "sdk-multipart", Key = "parts.bin" });
        var part1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "sdk-multipart", Key = "parts.bin", UploadId = initiated.UploadId, PartNumber = 1, InputStream = new MemoryStream(first) });
        var part2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "sdk-multipart", Key = "parts.bin", UploadId = initiated.UploadId, PartNumber = 2, InputStream = new MemoryStream(second) });
        var parts = await s3.ListPartsAsync(new ListPartsRequest { BucketName = "sdk-multipart", Key = "parts.bin", UploadId = initiated.UploadId });
        var completed = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "sdk-multipart",
            Key = "parts.bin",
            UploadId = initiated.UploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        });
        using var get = await s3.GetObjectAsync("sdk-multipart", "parts.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);

        var expected = $"\"{Convert.ToHexStringLower(Md5([.. Md5(first), .. Md5(second)]))}-2\"";
        Assert.That(_uploadPartPayloads, Has.Count.GreaterThanOrEqualTo(2).And.All.StartWith("STREAMING-"), "the SDK sent aws-chunked parts");
        Assert.That(parts.Parts.Select(p => $"{p.PartNumber}:{p.Size}"), Is.EqualTo(new[] { $"1:{first.Length}", $"2:{second.Length}" }));
        Assert.That(completed.ETag, Is.EqualTo(expected));
        Assert.That(get.ETag, Is.EqualTo(expected));
        Assert.That(copy.ToArray(), Is.EqualTo(first.Concat(second).ToArray()));
    }

    /// <summary>S3's ETag digest (MD5 is S3's choice, not a security measure here).</summary>
    private static byte[] Md5(byte[] data)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(data);
        return md5.GetHashAndReset();
    }

    [Test]
    public async Task Boto3_ListMultipartUploads_PrefixDelimiterMarkersAndListBucketMultipartUploadsAction()
    {
        var (exit, output, errors) = await Python.RunAsync("s3_list_uploads.py", _host.Url, RootKey, RootSecret);

        Assert.That(exit, Is.EqualTo(0), errors);
        var result = JsonNode.Parse(output)!;
        string[] Upload(int i) => [result["started"]![i]![0]!.GetValue<string>(), result["started"]![i]![1]!.GetValue<string>()];
        string[][] Uploads(string name) => [.. result[name]!.AsArray().Select(u => new[] { u![0]!.GetValue<string>(), u[1]!.GetValue<string>() })];
        var (logsA, logsB1, logsB2, dataC, top) = (Upload(0), Upload(1), Upload(2), Upload(3), Upload(4));
        Uploads("all").Should().Equal([dataC, logsA, logsB1, logsB2, top], (a, b) => a.SequenceEqual(b), "by key, then by initiation");
        Assert.That(result["allTruncated"]!.GetValue<bool>(), Is.False);
        Assert.That(result["initiatorOfFirst"]!.GetValue<string>(), Is.EqualTo("arn:aws:iam:::root"));
        Assert.That(result["hasInitiated"]!.GetValue<bool>(), Is.True);
        Uploads("prefix").Should().Equal([logsA, logsB1, logsB2], (a, b) => a.SequenceEqual(b));
        Uploads("delimitedUploads").Should().Equal([top], (a, b) => a.SequenceEqual(b));
        result["delimitedPrefixes"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("data/", "logs/");
        var pages = result["pages"]!.AsArray();
        pages.Select(p => p!["truncated"]!.GetValue<bool>()).Should().Equal(true, true, false);
        pages.Select(p => p!["maxUploads"]!.GetValue<int>()).Should().AllBeEquivalentTo(2);
        pages.SelectMany(p => p!["uploads"]!.AsArray().Select(u => u![1]!.GetValue<string>()))
            .Should().Equal(dataC[1], logsA[1], logsB1[1], logsB2[1], top[1]);
        Uploads("afterKeyMarker").Should().Equal([top], (a, b) => a.SequenceEqual(b), "a key marker alone skips every upload of that key");
        Uploads("paginator").Should().Equal([dataC, logsA, logsB1, logsB2, top], (a, b) => a.SequenceEqual(b));
        Assert.That(result["emptyBucket"]!.AsArray(), Is.Empty);
        Expect(result, "otherBucket", "AccessDenied", 403);
        Expect(result, "listBucketOnly", "AccessDenied", 403);
        Expect(result, "missingBucket", "NoSuchBucket", 404);
    }

    private static void Expect(JsonNode result, string name, string? code, int status)
    {
        var entry = result[name]!;
        Assert.That(entry["status"]!.GetValue<int>(), Is.EqualTo(status), name);
        Assert.That(entry["code"]?.GetValue<string>(), Is.EqualTo(code), name);
    }

    /// <summary>The shipped authorizer, recording the <c>x-amz-content-sha256</c> of each UploadPart it authenticates.</summary>
    private sealed class PayloadRecordingAuthorizer(IRequestAuthorizer inner, ConcurrentQueue<string> uploadPartPayloads) : IRequestAuthorizer
    {
        public ValueTask<GatewayAuthentication> AuthenticateAsync(HttpContext context, bool isQueryProtocol, CancellationToken cancellationToken)
        {
            if (HttpMethods.IsPut(context.Request.Method) && context.Request.Path == "/sdk-multipart/parts.bin" && context.Request.Query.ContainsKey("uploadId"))
            {
                uploadPartPayloads.Enqueue(context.Request.Headers["x-amz-content-sha256"].ToString());
            }

            return inner.AuthenticateAsync(context, isQueryProtocol, cancellationToken);
        }

        public bool IsAllowed(GatewayPrincipal? principal, S3AuthorizationCheck check, string? bucketPolicy, string? bucketOwnerAccount) =>
            inner.IsAllowed(principal, check, bucketPolicy, bucketOwnerAccount);
    }
}
