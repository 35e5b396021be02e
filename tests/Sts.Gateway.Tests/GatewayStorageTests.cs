using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Sts.Gateway.Tests;

/// <summary>The S3 storage surface with boto3, where authentication is not the point (see <see cref="TestRootAuthorizer"/>).</summary>
public sealed class GatewayStorageTests
{
    /// <summary>A second account (12 digits), beside the default one (Ceph's default tenant, empty account field).</summary>
    internal static readonly string[] SecondAccount =
    [
        "--Gateway:Accounts:0:Id", "123456789012",
        "--Gateway:Accounts:0:RootAccessKeyId", "AKIASECONDACCOUNT001",
        "--Gateway:Accounts:0:RootSecretAccessKey", "secondaccountrootsecretsecondaccountroot",
    ];

    private static Action<IServiceCollection> Authorizer(IRequestAuthorizer authorizer) =>
        services => services.AddSingleton(authorizer);

    [Test]
    public async Task S3Surface_Boto3StorageScriptSignedByTheDefaultTenantRoot_BehavesAsS3AndPersistsAcrossRestarts()
    {
        string dataDirectory;
        await using (var host = await GatewayHost.StartAsync(_ => { }))
        {
            dataDirectory = host.DataDirectory;
            var (exit, output, errors) = await Python.RunAsync("s3_storage.py", host.Url, "AKIAGATEWAYTESTROOT1", "gatewaytestrootsecretgatewaytestrootsecr");
            Assert.That(exit, Is.EqualTo(0), errors);
            Assert.That(output.Trim(), Is.EqualTo("ok"));
        }

        await using (var restarted = await GatewayHost.StartAsync(Authorizer(new TestRootAuthorizer()), dataDirectory))
        {
            using var http = new HttpClient();
            var body = await http.GetStringAsync($"{restarted.Url}/store-a/kept.txt");
            Assert.That(body, Is.EqualTo("kept across restarts"));
            var tagged = await http.GetAsync($"{restarted.Url}/store-a/tagged.txt");
            Assert.That(tagged.Headers.GetValues("x-amz-tagging-count").Single(), Is.EqualTo("2"));
        }

        Assert.That(Directory.EnumerateFiles(dataDirectory, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary files are left behind");
    }

    [TestCase(false, HttpStatusCode.Forbidden, TestName = "HeadObject_MissingKeyWithoutListBucket_Returns403")]
    [TestCase(true, HttpStatusCode.NotFound, TestName = "HeadObject_MissingKeyWithListBucket_Returns404")]
    public async Task HeadObject_MissingKey_LeaksExistenceOnlyToListers(bool canList, HttpStatusCode expected)
    {
        string dataDirectory;
        await using (var root = await GatewayHost.StartAsync(Authorizer(new TestRootAuthorizer())))
        {
            dataDirectory = root.DataDirectory;
            using var http = new HttpClient();
            (await http.PutAsync($"{root.Url}/head-test", null)).EnsureSuccessStatusCode();
            (await http.PutAsync($"{root.Url}/head-test/present", new StringContent("x"))).EnsureSuccessStatusCode();
        }

        var actions = canList ? new[] { "s3:GetObject", "s3:ListBucket" } : ["s3:GetObject"];
        await using var host = await GatewayHost.StartAsync(Authorizer(new TestRootAuthorizer(asRoot: false, allowedActions: actions)), dataDirectory);
        using var client = new HttpClient();

        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{host.Url}/head-test/absent"));
        var present = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{host.Url}/head-test/present"));
        var get = await client.GetAsync($"{host.Url}/head-test/absent");

        Assert.That(missing.StatusCode, Is.EqualTo(expected));
        Assert.That(present.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await get.Content.ReadAsStringAsync(), Does.Contain(canList ? "<Code>NoSuchKey</Code>" : "<Code>AccessDenied</Code>"));
    }

    [Test]
    public async Task PutObject_BucketMissing_NoSuchBucketBeforeAuthorization()
    {
        await using var host = await GatewayHost.StartAsync(Authorizer(new TestRootAuthorizer(asRoot: false, allowedActions: "s3:GetObject")));
        using var client = new HttpClient();

        var put = await client.PutAsync($"{host.Url}/missing-bucket/k", new StringContent("x"));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await put.Content.ReadAsStringAsync(), Does.Contain("<Code>NoSuchBucket</Code>"));
    }

    [Test]
    public async Task PutObject_ActionNotGranted_ReturnsAccessDeniedAndStoresNothing()
    {
        await using var host = await GatewayHost.StartAsync(Authorizer(new TestRootAuthorizer(asRoot: false, allowedActions: "s3:GetObject")));
        await host.Services.GetRequiredService<ObjectStore>().CreateBucketAsync("some-bucket", string.Empty, "arn:aws:iam:::root", CancellationToken.None);
        using var client = new HttpClient();

        var put = await client.PutAsync($"{host.Url}/some-bucket/k", new StringContent("x"));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await put.Content.ReadAsStringAsync(), Does.Contain("<Code>AccessDenied</Code>"));
        Assert.That(Directory.EnumerateFiles(host.DataDirectory, "*.data", SearchOption.AllDirectories), Is.Empty);
    }

    [TestCase("/Bad_Bucket", "InvalidBucketName", HttpStatusCode.BadRequest)]
    [TestCase("/bucket-x/k?acl", "NotImplemented", HttpStatusCode.NotImplemented)]
    public async Task S3Surface_BadRequest_AnswersS3ErrorXml(string target, string code, HttpStatusCode status)
    {
        await using var host = await GatewayHost.StartAsync(Authorizer(new TestRootAuthorizer()));
        using var client = new HttpClient();

        var response = await client.GetAsync(host.Url + target);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"<Code>{code}</Code>"));
    }
}
