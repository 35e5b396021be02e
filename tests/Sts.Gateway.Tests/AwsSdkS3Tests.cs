using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Sts.Gateway.Tests;

/// <summary>The AWS SDK for .NET (AWSSDK.S3) with its defaults (SigV4, aws-chunked uploads with trailing checksums,
/// verified by the SigV4 verifier's body stream) against the gateway, signed by an account root.</summary>
public sealed class AwsSdkS3Tests
{
    [Test]
    public async Task S3Surface_AwsSdkForDotNet_RoundTripsObjectsListingsCopiesAndErrors()
    {
        await using var host = await GatewayHost.StartAsync(_ => { }, null, GatewayStorageTests.SecondAccount);
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("AKIASECONDACCOUNT001", "secondaccountrootsecretsecondaccountroot"), new AmazonS3Config
        {
            ServiceURL = host.Url,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "sdk-bucket" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-bucket", Key = "dir/one.txt", ContentBody = "one", TagSet = [new Tag { Key = "Project", Value = "X" }] });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sdk-bucket", Key = "two.txt", ContentBody = "two" });
        await s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = "sdk-bucket", SourceKey = "dir/one.txt", DestinationBucket = "sdk-bucket", DestinationKey = "copy.txt" });

        var buckets = await s3.ListBucketsAsync(new ListBucketsRequest());
        using var get = await s3.GetObjectAsync("sdk-bucket", "dir/one.txt");
        using var reader = new StreamReader(get.ResponseStream);
        var body = await reader.ReadToEndAsync();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-bucket", Delimiter = "/", MaxKeys = 10 });
        var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-bucket", MaxKeys = 1 });
        var next = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "sdk-bucket", MaxKeys = 5, ContinuationToken = page.NextContinuationToken });
        var copiedTags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = "sdk-bucket", Key = "copy.txt" });
        var missing = Assert.CatchAsync<AmazonS3Exception>(() => s3.GetObjectAsync("sdk-bucket", "absent"));

        Assert.That(buckets.Buckets.Select(b => b.BucketName), Is.EqualTo(new[] { "sdk-bucket" }));
        Assert.That(body, Is.EqualTo("one"));
        Assert.That(get.ETag, Is.EqualTo("\"f97c5d29941bfb1b2fdab0874906ab82\""));
        Assert.That(listing.CommonPrefixes, Is.EqualTo(new[] { "dir/" }));
        Assert.That(listing.S3Objects.Select(o => o.Key), Is.EqualTo(new[] { "copy.txt", "two.txt" }));
        Assert.That(page.IsTruncated, Is.True);
        Assert.That(page.S3Objects.Single().Key, Is.EqualTo("copy.txt"));
        Assert.That(next.S3Objects.Select(o => o.Key), Is.EqualTo(new[] { "dir/one.txt", "two.txt" }));
        Assert.That(copiedTags.Tagging.Select(t => $"{t.Key}={t.Value}"), Is.EqualTo(new[] { "Project=X" }));
        Assert.That(missing, Is.InstanceOf<NoSuchKeyException>());
        Assert.That(missing!.ErrorCode, Is.EqualTo("NoSuchKey"));
        Assert.That((int)missing.StatusCode, Is.EqualTo(404));
    }
}
