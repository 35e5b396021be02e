using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.DependencyInjection;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Core.Stores;
using Sts.Core.Stores.InMemory;
using Sts.Core.Stores.Sqlite;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;
using Sts.SigV4;

namespace Sts.Core.Tests.DependencyInjection;

/// <summary><c>services.AddSts(...)</c> with the real Microsoft.Extensions.DependencyInjection container.</summary>
public class AddStsTests
{
    private const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";

    private string? _directory;

    [TearDown]
    public void DeleteDirectory()
    {
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task AddSts_Defaults_ResolvesEveryServiceOnceWithTheRegisteredClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSts();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IStartupValidator>().Validate();
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(clock);
        provider.GetRequiredService<IIamStore>().Should().BeOfType<InMemoryIamStore>();
        provider.GetRequiredService<ICredentialResolver>().Should().BeSameAs(provider.GetRequiredService<StsCredentialResolver>());
        provider.GetRequiredService<ICallerPolicySource>().Should().BeSameAs(provider.GetRequiredService<IamStsDirectory>());
        provider.GetRequiredService<SigV4Verifier>().Should().NotBeNull();
        provider.GetRequiredService<S3RequestAuthorizer>().Should().BeSameAs(provider.GetRequiredService<S3RequestAuthorizer>());
        provider.GetRequiredService<WebIdentityTokenValidator>().Should().NotBeNull();
        provider.GetRequiredService<SessionKeyRing>().KeyIds.Should().ContainSingle();
        provider.GetRequiredService<StsService>().Should().BeSameAs(provider.GetRequiredService<StsService>());
    }

    [Test]
    public async Task AddSts_AssumeRole_SealsWithTheRegisteredRingAndClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSts();
        await using var provider = services.BuildServiceProvider();
        var iam = provider.GetRequiredService<IamService>();
        var root = Accounts.IamPrincipal.Root(Accounts.AccountId.Parse("123456789012"));
        (await iam.CreateRoleAsync(root, new CreateRoleRequest("Reader", Trust))).IsSuccess.Should().BeTrue();

        var assumed = await provider.GetRequiredService<StsService>().AssumeRoleAsync(
            StsCaller.ForAccountRoot("123456789012"), new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Reader", RoleSessionName = "di" });

        assumed.IsSuccess.Should().BeTrue(assumed.Error?.ToString());
        var credentials = assumed.Value.Credentials;
        credentials.Expiration.Should().Be(clock.GetUtcNow().AddHours(1));
        var sealer = provider.GetRequiredService<SessionTokenSealer>();
        sealer.Open(credentials.SessionToken, credentials.AccessKeyId).Value.RoleArn.Should().Be("arn:aws:iam::123456789012:role/Reader");
        var resolved = await provider.GetRequiredService<ICredentialResolver>().ResolveAsync(credentials.AccessKeyId, credentials.SessionToken, CancellationToken.None);
        resolved.Identity.Should().BeOfType<AuthenticatedCaller>().Which.Caller.Arn.Should().Be("arn:aws:sts::123456789012:assumed-role/Reader/di");

        clock.Advance(TimeSpan.FromHours(1));
        sealer.Open(credentials.SessionToken, credentials.AccessKeyId).Error!.Code.Should().Be("ExpiredToken");
    }

    [Test]
    public void AddSts_EveryWrongSetting_StartupValidationListsThemAll()
    {
        var services = new ServiceCollection();
        services.AddSts(o =>
        {
            o.Store = StsStoreKind.Sqlite;
            o.SqliteSecretKey = new byte[16];
            o.KeyRing = "key 1 not-base64\nactive 1\n"u8.ToArray();
            o.Iam = new IamServiceOptions { MaxAccessKeysPerUser = 0 };
            o.WebIdentity = new WebIdentityOptions { ClockLeeway = TimeSpan.FromHours(2) };
            o.OidcHttpClient = _ => new HttpClient();
            o.OidcHttpMessageHandler = _ => new HttpClientHandler();
        });
        using var provider = services.BuildServiceProvider();

        var failure = FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().Which;

        failure.Failures.Should().BeEquivalentTo(
            "Sts:SqliteDatabasePath is required when Sts:Store is Sqlite.",
            "Sts:SqliteSecretKey is 16 bytes; it must be exactly 32.",
            "Sts:KeyRing is not a usable key ring: line 1: key 1 is not 32 bytes of Base64.",
            "Sts:Iam:MaxAccessKeysPerUser is 0; MaxAccessKeysPerUser ('0') must be greater than or equal to '1'.",
            "Sts:WebIdentity:ClockLeeway is 02:00:00; Must be between 00:00:00 and 01:00:00.",
            "Sts:OidcHttpClient and Sts:OidcHttpMessageHandler are both set; set at most one.");
    }

    [Test]
    public void AddSts_WrongSettingsWithoutAHost_FirstResolveThrowsOptionsValidationException()
    {
        var services = new ServiceCollection();
        services.AddSts(o => o.Store = StsStoreKind.Sqlite);
        using var provider = services.BuildServiceProvider();

        var failure = FluentActions.Invoking(() => provider.GetRequiredService<StsService>()).Should().Throw<OptionsValidationException>().Which;

        failure.Failures.Should().Contain("Sts:SqliteSecretKey is required when Sts:Store is Sqlite (32 random bytes, kept outside the database).")
            .And.Contain("Sts:KeyRing or Sts:KeyRingFile is required when Sts:Store is Sqlite: a random ring would end every session at restart.");
    }

    [Test]
    public void AddSts_KeyRingFileMissing_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "sts-no-such-ring-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddSts(o => o.KeyRingFile = path);
        using var provider = services.BuildServiceProvider();

        var failure = FluentActions.Invoking(() => provider.GetRequiredService<IOptions<StsOptions>>().Value).Should().Throw<OptionsValidationException>().Which;

        failure.Failures.Should().ContainSingle().Which.Should().StartWith($"Sts:KeyRingFile ('{path}') is not a usable key ring: the file cannot be read (FileNotFoundException");
    }

    [Test]
    public async Task AddSts_Sqlite_OpensTheDatabaseAndTheKeyRingFile()
    {
        _directory = Directory.CreateTempSubdirectory("sts-di-").FullName;
        var ring = SessionKeyRing.CreateWithNewKey();
        ring.Rotate();
        var ringFile = Path.Combine(_directory, "session-keys");
        await File.WriteAllBytesAsync(ringFile, ring.Export());
        var services = new ServiceCollection();
        services.AddSts(o =>
        {
            o.Store = StsStoreKind.Sqlite;
            o.SqliteDatabasePath = Path.Combine(_directory, "iam.db");
            o.SqliteSecretKey = new byte[32];
            o.KeyRingFile = ringFile;
        });

        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            provider.GetRequiredService<IIamStore>().Should().BeOfType<SqliteIamStore>();
            var loaded = provider.GetRequiredService<SessionKeyRing>();
            loaded.KeyIds.Should().Equal(ring.KeyIds);
            loaded.ActiveKeyId.Should().Be(ring.ActiveKeyId);
            var root = Accounts.IamPrincipal.Root(Accounts.AccountId.Parse("123456789012"));
            (await provider.GetRequiredService<IamService>().CreateUserAsync(root, new CreateUserRequest("alice"))).IsSuccess.Should().BeTrue();
        }

        File.Exists(Path.Combine(_directory, "iam.db")).Should().BeTrue();
    }

    [Test]
    public async Task AddSts_StoreRegisteredBefore_IsKept()
    {
        var store = new InMemoryIamStore();
        var services = new ServiceCollection();
        services.AddSingleton<IIamStore>(store);
        services.AddSts();
        await using var provider = services.BuildServiceProvider();

        var root = Accounts.IamPrincipal.Root(Accounts.AccountId.Parse("123456789012"));
        (await provider.GetRequiredService<IamService>().CreateUserAsync(root, new CreateUserRequest("alice"))).IsSuccess.Should().BeTrue();

        store.Count.Should().BePositive();
    }

    [Test]
    public async Task AddSts_OidcHandlerFactory_WrapsTheHandlerInAClientOwnedByTheContainer()
    {
        var handler = new TrackingHandler();
        IServiceProvider? seen = null;
        var services = new ServiceCollection();
        services.AddSts(o => o.OidcHttpMessageHandler = sp =>
        {
            seen = sp;
            return handler;
        });

        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<WebIdentityTokenValidator>().Should().NotBeNull();
            seen.Should().NotBeNull();
            var client = provider.GetRequiredService<OidcHttpClientHolder>().Client!;
            using var response = await client.GetAsync(new Uri("https://issuer.example/.well-known/openid-configuration"));
            handler.Requests.Should().Be(1);
        }

        handler.Disposed.Should().BeTrue();
    }

    [Test]
    public async Task AddSts_OidcHttpClient_IsUsedAsGivenAndNotDisposed()
    {
        using var handler = new TrackingHandler();
        using var client = new HttpClient(handler, disposeHandler: false);
        var services = new ServiceCollection();
        services.AddSts(o => o.OidcHttpClient = _ => client);

        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<WebIdentityTokenValidator>().Should().NotBeNull();
            provider.GetRequiredService<OidcHttpClientHolder>().Client.Should().BeSameAs(client);
        }

        handler.Disposed.Should().BeFalse();
    }

    private sealed class TrackingHandler : HttpMessageHandler
    {
        public int Requests { get; private set; }

        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound));
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
