using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sts.Core;
using Sts.Core.DependencyInjection;
using Sts.Core.WebIdentity;

namespace Sts.Gateway.Tests;

public sealed class GatewayOptionsTests
{
    [TestCase("--Gateway:Accounts:0:Id", "12345", "12 digits")]
    [TestCase("--Gateway:Compatibility", "Minio", "expected Ceph or AWS")]
    [TestCase("--Gateway:Store:Kind", "Mongo", "expected Sqlite or Postgres")]
    [TestCase("--Gateway:Store:Kind", "POSTGRES", "needs Gateway__Store__ConnectionString")]
    [TestCase("--Gateway:KeyRing:MasterKey", "c2hvcnQ=", "32 bytes in Base64")]
    [TestCase("--Gateway:KeyRing:RotationPeriod", "01:00:00", "needs Gateway__Store__Kind=Postgres")]
    public void Build_InvalidSetting_FailsAtStartNamingIt(string setting, string value, string message)
    {
        var data = Directory.CreateTempSubdirectory("sts-gateway-options-").FullName;
        var act = () => GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", data, setting, value]);
        act.Should().Throw<InvalidOperationException>().WithMessage($"*{message}*");
    }

    [Test]
    public async Task Build_NoObjectDirectory_KeepsBucketsInObjectsUnderTheDataDirectory()
    {
        var data = Directory.CreateTempSubdirectory("sts-gateway-options-").FullName;
        await using var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", data]);

        var store = app.Services.GetRequiredService<ObjectStore>();

        Assert.That(store.Root, Is.EqualTo(Path.Combine(data, "objects")));
        Assert.That(Directory.Exists(store.Root), Is.True);
    }

    [Test]
    public async Task Build_ObjectDirectorySet_KeepsBucketsThere()
    {
        var data = Directory.CreateTempSubdirectory("sts-gateway-options-").FullName;
        var objects = Directory.CreateTempSubdirectory("sts-gateway-objects-").FullName;
        await using var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", data, "--Gateway:ObjectDirectory", objects]);

        Assert.That(app.Services.GetRequiredService<ObjectStore>().Root, Is.EqualTo(objects));
        Assert.That(Directory.Exists(Path.Combine(data, "objects")), Is.False);
    }

    [Test]
    public async Task Build_EarlierS3FolderInTheDataDirectory_IsMovedToObjects()
    {
        var data = Directory.CreateTempSubdirectory("sts-gateway-options-").FullName;
        Directory.CreateDirectory(Path.Combine(data, "s3", "kept-bucket", "objects"));
        await File.WriteAllTextAsync(Path.Combine(data, "s3", "kept-bucket", "bucket.json"), """{"Name":"kept-bucket","OwnerAccount":"","OwnerArn":"arn:aws:iam:::root","Created":"2026-01-01T00:00:00+00:00","Tags":[],"HasTagSet":false,"Policy":null}""");
        await using var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", data]);

        var store = app.Services.GetRequiredService<ObjectStore>();

        Assert.That(store.FindBucket("kept-bucket")?.OwnerArn, Is.EqualTo("arn:aws:iam:::root"));
        Assert.That(Directory.Exists(Path.Combine(data, "s3")), Is.False);
    }

    [TestCase("Ceph", "true", CephCompatibility.All, true, TestName = "Build_CephProfileAndAllowHttp_WebIdentityValidatorGetsBoth")]
    [TestCase("AWS", "false", CephCompatibility.None, false, TestName = "Build_AwsProfile_WebIdentityValidatorIsAwsExact")]
    public async Task Build_ProfileAndOidcSettings_ReachTheWebIdentityValidator(string profile, string allowHttp, CephCompatibility expected, bool expectedHttp)
    {
        var data = Directory.CreateTempSubdirectory("sts-gateway-options-").FullName;
        await using var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", data, "--Gateway:Compatibility", profile, "--Gateway:Oidc:AllowHttp", allowHttp]);

        var options = app.Services.GetRequiredService<IOptions<StsOptions>>().Value.WebIdentity;

        Assert.That(options.CephCompatibility, Is.EqualTo(expected));
        Assert.That(options.AllowHttpIssuers, Is.EqualTo(expectedHttp));
        Assert.That(app.Services.GetRequiredService<WebIdentityTokenValidator>(), Is.Not.Null);
    }

    [TestCase("AWS", HttpStatusCode.BadRequest, TestName = "PutBucketTagging_DuplicateKeyInAwsMode_IsInvalidTag")]
    [TestCase("Ceph", HttpStatusCode.NoContent, TestName = "PutBucketTagging_DuplicateKeyInCephMode_KeepsBothValues")]
    public async Task PutBucketTagging_DuplicateKey_DependsOnTheProfile(string profile, HttpStatusCode expected)
    {
        await using var host = await GatewayHost.StartAsync(services => services.AddSingleton<IRequestAuthorizer>(new TestRootAuthorizer()), null, "--Gateway:Compatibility", profile);
        using var http = new HttpClient();
        (await http.PutAsync($"{host.Url}/tagged-bucket", null)).EnsureSuccessStatusCode();
        const string tagging = "<Tagging><TagSet><Tag><Key>Department</Key><Value>Engineering</Value></Tag><Tag><Key>Department</Key><Value>Marketing</Value></Tag></TagSet></Tagging>";

        var put = await http.PutAsync($"{host.Url}/tagged-bucket?tagging", new StringContent(tagging));
        var get = await http.GetStringAsync($"{host.Url}/tagged-bucket?tagging").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : string.Empty);

        Assert.That(put.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.NoContent)
        {
            Assert.That(get, Does.Contain("<Value>Engineering</Value>").And.Contain("<Value>Marketing</Value>"));
        }
        else
        {
            Assert.That(await put.Content.ReadAsStringAsync(), Does.Contain("<Code>InvalidTag</Code>"));
        }
    }
}
