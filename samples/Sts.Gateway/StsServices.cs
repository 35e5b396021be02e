using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sts.Core;
using Sts.Core.DependencyInjection;
using Sts.Core.Fleet;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Protocol;
using Sts.Core.SecurityToken;
using Sts.Core.Stores;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;
using Sts.SigV4;
using Sts.Stores.PostgreSql;

namespace Sts.Gateway;

/// <summary>
/// Wires the library into the gateway through <see cref="StsServiceCollectionExtensions.AddSts"/>: IAM on SQLite
/// (<c>iam.db</c> in the data directory, secrets sealed under <c>iam-store.key</c>) with the session key ring in
/// <c>session-keys</c>, or, with <c>Gateway__Store__Kind=Postgres</c>, IAM and the shared session key ring in PostgreSQL
/// (a fleet: the store and the ring are registered first, and AddSts keeps them). Every Sts component logs through the
/// host's logging. The gateway adds its account roots in front of the library's credential resolver, and the Query
/// dispatcher. Key files are created on first start, readable by the owner only.
/// </summary>
internal static class StsServices
{
    public static void Add(IServiceCollection services, GatewayOptions options)
    {
        if (options.UsesPostgres)
        {
            AddFleetStore(services, options);
        }

        // Registered before AddSts, which keeps it: the configured roots first, then IAM users' keys and sessions.
        services.AddSingleton<ICredentialResolver>(sp => new AccountRootCredentialResolver(
            options, sp.GetRequiredService<RootCredentials>(), sp.GetRequiredService<StsCredentialResolver>()));
        var ceph = options.IsCephCompatible ? CephCompatibility.All : CephCompatibility.None;
        services.AddSts(sts =>
        {
            if (!options.UsesPostgres)
            {
                sts.Store = StsStoreKind.Sqlite;
                sts.SqliteDatabasePath = Path.Combine(options.DataDirectory, "iam.db");
                sts.SqliteSecretKey = ReadOrCreate(Path.Combine(options.DataDirectory, "iam-store.key"), () => RandomNumberGenerator.GetBytes(32));
                sts.KeyRingFile = Path.Combine(options.DataDirectory, "session-keys");
                ReadOrCreate(sts.KeyRingFile, () => SessionKeyRing.CreateWithNewKey().Export());
            }

            sts.Iam = new IamServiceOptions { AllowHttpLoopbackOidcProviders = options.Oidc.AllowHttp, CephCompatibility = ceph };
            sts.WebIdentity = WebIdentity(options);
            sts.DeciderCephCompatibility = ceph;
        });
        services.AddSingleton(sp => new QueryDispatcher(sp.GetRequiredService<StsService>(), sp.GetRequiredService<IamService>()));
        services.AddSingleton<IQueryDispatcher, ServiceQueryDispatcher>();
    }

    /// <summary>Opens the store and the key ring now (and checks the Sts settings), so a node that cannot open them refuses
    /// to start with the reason.</summary>
    public static void Open(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IamService>();
            services.GetRequiredService<SessionTokenSealer>();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException("The gateway cannot start: " + e.Message, e);
        }
        catch (OptionsValidationException e)
        {
            throw new InvalidOperationException("The gateway cannot start: " + e.Message, e);
        }
    }

    /// <summary>
    /// IAM state and the session key ring in PostgreSQL, shared by every gateway given the same database. The ring's master
    /// key and the key sealing stored secrets are derived (HKDF-SHA256) from <c>Gateway__KeyRing__MasterKey</c> when set,
    /// else from the default account's root secret access key: nodes with the same root keys form a fleet with no other setting.
    /// The store, the ring and its revocation list are registered here, before AddSts, which builds the sealer over them.
    /// </summary>
    private static void AddFleetStore(IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(sp =>
        {
            var root = sp.GetRequiredService<RootCredentials>();
            var secret = options.KeyRing.MasterKeyBytes ?? System.Text.Encoding.UTF8.GetBytes(root.SecretAccessKey);
            return new FleetKeys(
                HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "Sts.Gateway session key ring v1"u8.ToArray()),
                HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "Sts.Gateway IAM store secrets v1"u8.ToArray()));
        });
        services.AddSingleton(sp => PostgreSqlIamStore.OpenAsync(
            new PostgreSqlIamStoreOptions { ConnectionString = options.Store.ConnectionString!, SecretKey = sp.GetRequiredService<FleetKeys>().StoreSecrets },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<PostgreSqlIamStore>>()).GetAwaiter().GetResult());
        services.AddSingleton<IIamStore>(sp => sp.GetRequiredService<PostgreSqlIamStore>());
        services.AddSingleton(sp => SharedSessionKeyRing.OpenAsync(
            sp.GetRequiredService<IIamStore>(),
            new SharedSessionKeyRingOptions { MasterKey = sp.GetRequiredService<FleetKeys>().KeyRing, RotationPeriod = options.KeyRing.RotationPeriod },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SharedSessionKeyRing>>()).GetAwaiter().GetResult());
        services.AddSingleton(sp => sp.GetRequiredService<SharedSessionKeyRing>().Ring);
        services.AddSingleton(sp => sp.GetRequiredService<SharedSessionKeyRing>().Revocations);
    }

    /// <summary>The web-identity settings: <c>Gateway__Oidc__AllowHttp</c> lets issuers (and their discovery and key
    /// documents) use <c>http://</c>; <c>Gateway__Compatibility=Ceph</c> turns on every Ceph deviation of the validator.</summary>
    public static WebIdentityOptions WebIdentity(GatewayOptions options) => new()
    {
        AllowHttpIssuers = options.Oidc.AllowHttp,
        CephCompatibility = options.IsCephCompatible ? CephCompatibility.All : CephCompatibility.None,
    };

    private static byte[] ReadOrCreate(string path, Func<byte[]> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = create();
        var temp = AtomicFile.TempName(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temp, fileOptions))
        {
            file.Write(bytes);
        }

        File.Move(temp, path, overwrite: false);
        return File.ReadAllBytes(path);
    }

    private sealed record FleetKeys(byte[] KeyRing, byte[] StoreSecrets);
}
