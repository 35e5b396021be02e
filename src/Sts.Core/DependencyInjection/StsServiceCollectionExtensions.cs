using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.SecurityToken;
using Sts.Core.Stores;
using Sts.Core.Stores.InMemory;
using Sts.Core.Stores.Sqlite;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;
using Sts.Policy.Evaluation;
using Sts.SigV4;

namespace Sts.Core.DependencyInjection;

/// <summary>Registers Sts in a <see cref="IServiceCollection"/>.</summary>
public static class StsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole in-process service as singletons: the IAM store (<see cref="IIamStore"/>, in memory unless
    /// <see cref="StsOptions.Store"/> says SQLite), <see cref="IamService"/>, the <see cref="SessionKeyRing"/>,
    /// <see cref="SessionTokenSealer"/> (with a <see cref="SessionRevocationList"/>), <see cref="StsService"/> over
    /// <see cref="IamStsDirectory"/>, the <see cref="WebIdentityTokenValidator"/> with its OIDC HTTP client,
    /// <see cref="StsCredentialResolver"/> (as <see cref="ICredentialResolver"/>), <see cref="SigV4Verifier"/> and
    /// <see cref="S3RequestAuthorizer"/>. <see cref="TimeProvider"/> is <see cref="TimeProvider.System"/> unless one is
    /// registered; <see cref="IamService"/>, <see cref="StsService"/>, <see cref="StsCredentialResolver"/> and the validator log
    /// through <see cref="ILogger{TCategoryName}"/> of their own type when logging is registered. Every registration is a
    /// <c>TryAdd</c>: a service registered before (a store, a clock) is kept. Options are validated when the host starts,
    /// or else when the first of these services is resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="StsOptions"/>; null keeps the defaults (in memory, a fresh key ring).</param>
    /// <returns>The options builder, to bind configuration or add validation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static OptionsBuilder<StsOptions> AddSts(this IServiceCollection services, Action<StsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<StsOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StsOptions>, StsOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new CompiledPolicyCache());
        services.TryAddSingleton<IIamStore>(sp =>
        {
            var options = Options(sp);
            return options.Store == StsStoreKind.Sqlite
                ? SqliteIamStore.Open(new SqliteIamStoreOptions { DatabasePath = options.SqliteDatabasePath!, SecretKey = options.SqliteSecretKey! })
                : new InMemoryIamStore();
        });
        services.TryAddSingleton(sp => new IamService(
            sp.GetRequiredService<IIamStore>(), Options(sp).Iam, sp.GetRequiredService<TimeProvider>(), logger: sp.GetService<ILogger<IamService>>()));
        services.TryAddSingleton(sp => StsOptionsValidator.LoadKeyRing(Options(sp)) is { } loaded
            ? loaded.Value
            : SessionKeyRing.CreateWithNewKey());
        services.TryAddSingleton(_ => new SessionRevocationList());
        services.TryAddSingleton(sp => new SessionTokenSealer(
            sp.GetRequiredService<SessionKeyRing>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SessionRevocationList>()));
        services.TryAddSingleton(sp => new IamStsDirectory(sp.GetRequiredService<IamService>(), sp.GetRequiredService<CompiledPolicyCache>()));
        services.TryAddSingleton<ICallerPolicySource>(sp => sp.GetRequiredService<IamStsDirectory>());
        services.TryAddSingleton<IStsPolicyDecider>(sp => new PolicyEvaluatorStsDecider(
            sp.GetRequiredService<ICallerPolicySource>(), sp.GetRequiredService<CompiledPolicyCache>(), Options(sp).DeciderCephCompatibility));
        services.TryAddSingleton<IOidcProviderDirectory>(sp => new IamOidcProviderDirectory(sp.GetRequiredService<IamService>()));
        services.TryAddSingleton(sp => new OidcHttpClientHolder(Options(sp), sp));
        services.TryAddSingleton(sp => new WebIdentityTokenValidator(
            Options(sp).WebIdentity,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<OidcHttpClientHolder>().Client,
            sp.GetService<ILogger<WebIdentityTokenValidator>>()));
        services.TryAddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<IamStsDirectory>();
            var time = sp.GetRequiredService<TimeProvider>();
            return new StsService(
                sp.GetRequiredService<SessionTokenSealer>(),
                directory,
                sp.GetRequiredService<IStsPolicyDecider>(),
                directory,
                new TotpVerifier(time),
                directory,
                new AuthorizationMessageSealer(sp.GetRequiredService<SessionKeyRing>()),
                time,
                sp.GetRequiredService<WebIdentityTokenValidator>(),
                sp.GetRequiredService<IOidcProviderDirectory>())
            {
                Logger = Logger<StsService>(sp),
            };
        });
        services.TryAddSingleton(sp => new StsCredentialResolver(sp.GetRequiredService<IamService>(), sp.GetRequiredService<SessionTokenSealer>())
        {
            Logger = Logger<StsCredentialResolver>(sp),
        });
        services.TryAddSingleton<ICredentialResolver>(sp => sp.GetRequiredService<StsCredentialResolver>());
        services.TryAddSingleton(sp => new SigV4Verifier(
            Options(sp).SigV4, sp.GetRequiredService<ICredentialResolver>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new S3RequestAuthorizer(
            sp.GetRequiredService<SigV4Verifier>(), sp.GetRequiredService<ICallerPolicySource>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<CompiledPolicyCache>()));
        return builder;
    }

    private static StsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<StsOptions>>().Value;

    private static ILogger Logger<T>(IServiceProvider services) => (ILogger?)services.GetService<ILogger<T>>() ?? NullLogger.Instance;
}
