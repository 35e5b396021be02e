// Sts in process and in memory: a role with a policy, AssumeRole, then S3 requests signed with the temporary
// credentials, authorized with the decision and its reason. Run: dotnet run --project samples/QuickStart
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QuickStart;
using Sts.Core.Accounts;
using Sts.Core.DependencyInjection;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;

const string Account = "111122223333";
const string Trust = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}}""";
const string ReadPublicPhotos = """{"Version":"2012-10-17","Statement":{"Sid":"ReadPublicPhotos","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/public/*"}}""";

// Part 1: the real clock.
var services = new ServiceCollection();
services.AddSts();
await using (var sts = services.BuildServiceProvider())
{
    var credentials = await AssumePhotoReaderAsync(sts, durationSeconds: 3600);
    Console.WriteLine($"Assumed PhotoReader: {credentials.AccessKeyId}, expires {credentials.Expiration:u}");
    await GetAsync(sts, "/photos/public/cat.jpg", credentials);
    await GetAsync(sts, "/photos/private/diary.txt", credentials);
}

// Part 2: a test harness owns the clock, so expiry is tested without waiting.
var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
var harness = new ServiceCollection();
harness.AddSingleton<TimeProvider>(clock);
harness.AddSts();
await using (var sts = harness.BuildServiceProvider())
{
    var credentials = await AssumePhotoReaderAsync(sts, durationSeconds: 900);
    Console.WriteLine($"Harness clock {clock.GetUtcNow():u}: credentials expire {credentials.Expiration:u}");
    await GetAsync(sts, "/photos/public/cat.jpg", credentials);
    clock.Advance(TimeSpan.FromMinutes(16));
    Console.WriteLine($"Harness clock {clock.GetUtcNow():u}:");
    await GetAsync(sts, "/photos/public/cat.jpg", credentials);
}

static async Task<TemporaryCredentials> AssumePhotoReaderAsync(IServiceProvider sts, int durationSeconds)
{
    var iam = sts.GetRequiredService<IamService>();
    var root = IamPrincipal.Root(AccountId.Parse(Account));
    Check(await iam.CreateRoleAsync(root, new CreateRoleRequest("PhotoReader", Trust)));
    Check(await iam.PutRolePolicyAsync(root, new PutRolePolicyRequest("PhotoReader", "read-public-photos", ReadPublicPhotos)));
    var assumed = await sts.GetRequiredService<StsService>().AssumeRoleAsync(
        StsCaller.ForAccountRoot(Account),
        new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Account}:role/PhotoReader", RoleSessionName = "quick-start", DurationSeconds = durationSeconds });
    return Check(assumed).Credentials;
}

static async Task GetAsync(IServiceProvider sts, string path, TemporaryCredentials credentials)
{
    var request = ExampleSigner.SignGet(path, credentials, sts.GetRequiredService<TimeProvider>().GetUtcNow());
    var result = await sts.GetRequiredService<S3RequestAuthorizer>().AuthorizeAsync(request);
    Console.WriteLine($"GET {path}: {result.Decision} ({result.Error?.Code ?? "OK"}): {result.Reason}");
}

static T Check<T>(Sts.Core.StsResult<T> result) =>
    result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error!.ToString());
