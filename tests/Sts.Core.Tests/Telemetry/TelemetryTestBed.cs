using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Hosting;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.SecurityToken;
using Sts.Core.Tests.SecurityToken;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tests.WebIdentity;
using Sts.Core.Tokens;
using Sts.Core.WebIdentity;
using Sts.SigV4;

namespace Sts.Core.Tests.Telemetry;

/// <summary>
/// The real services wired together as a host wires them: IAM (in-memory store), STS with the policy evaluator decider,
/// the SigV4 verifier over <see cref="StsCredentialResolver"/>, and web identity against the TLS test identity provider,
/// all logging to one <see cref="CapturingLogger"/>.
/// </summary>
internal sealed class TelemetryTestBed : IAsyncDisposable
{
    internal const string AccountNumber = "123456789012";
    internal const string RoleArn = "arn:aws:iam::123456789012:role/Deployer";
    internal const string WebRoleArn = "arn:aws:iam::123456789012:role/WebApp";
    internal static readonly AccountId Account = AccountId.Parse(AccountNumber);
    internal static readonly IamPrincipal Root = IamPrincipal.Root(Account);

    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/*"}]}""";

    private readonly WebIdentityTestBed _web = new();
    private WebIdentityTokenValidator? _validator;

    private TelemetryTestBed()
    {
    }

    internal CapturingLogger Logger { get; } = new();

    internal FakeTimeProvider Clock => _web.Time;

    internal IamService Iam { get; private set; } = null!;

    internal StsService Sts { get; private set; } = null!;

    internal SessionTokenSealer Sealer { get; private set; } = null!;

    internal StsCredentialResolver Resolver { get; private set; } = null!;

    internal IamUser Alice { get; private set; } = null!;

    internal NewAccessKey AliceKey { get; private set; } = null!;

    internal StsCaller AliceCaller => StsCaller.ForUser(AccountNumber, Alice.Arn, Alice.UserId);

    internal TestIdentityProvider IdentityProvider => _web.Provider;

    /// <summary>Creates the services, user alice (with a key), role Deployer (account trust) and role WebApp (trusting the test IdP).</summary>
    /// <param name="aliceMayAssume">Whether alice's identity policy allows <c>sts:AssumeRole</c>.</param>
    internal static async Task<TelemetryTestBed> CreateAsync(bool aliceMayAssume)
    {
        var bed = new TelemetryTestBed();
        bed.Iam = new IamService(new InMemoryIamStore(), null, bed.Clock);
        var directory = new IamStsDirectory(bed.Iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        bed.Sealer = new SessionTokenSealer(ring, bed.Clock);
        bed._validator = bed._web.Validator();
        var providers = new FixedProviders(bed._web.Providers());
        bed.Sts = new StsService(bed.Sealer, directory, new PolicyEvaluatorStsDecider(directory), new InMemoryMfaDevices(), new TotpVerifier(bed.Clock), directory,
            new AuthorizationMessageSealer(ring), bed.Clock, bed._validator, providers)
        { Logger = bed.Logger };
        bed.Resolver = new StsCredentialResolver(bed.Iam, bed.Sealer) { Logger = bed.Logger };

        bed.Alice = Must(await bed.Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        bed.AliceKey = Must(await bed.Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));
        Must(await bed.Iam.CreateRoleAsync(Root, new CreateRoleRequest("Deployer", TrustAccount)));
        var federated = bed._web.Registration().Arn;
        var webTrust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{federated}}"},"Action":"sts:AssumeRoleWithWebIdentity"}]}""";
        Must(await bed.Iam.CreateRoleAsync(Root, new CreateRoleRequest("WebApp", webTrust)));
        if (aliceMayAssume)
        {
            Must(await bed.Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume)));
        }

        return bed;
    }

    /// <summary>Mints ID tokens for the test IdP with jose (npm) and publishes the signing key's JWKS.</summary>
    internal MintResult MintWebIdentityTokens()
    {
        var mint = JoseMint.Mint([new MintKey("k1", "RS256")], [new MintToken("alice", "k1", _web.Claims())]);
        IdentityProvider.Jwks = mint.Jwks("k1");
        return mint;
    }

    internal static AssumeRoleRequest AssumeDeployer => new() { RoleArn = RoleArn, RoleSessionName = "build-7" };

    /// <summary>A verifier whose clock reads <paramref name="now"/> (the instant botocore signed at).</summary>
    internal SigV4Verifier Verifier(DateTimeOffset now) =>
        new(new SigV4VerifierOptions(), Resolver, new FakeTimeProvider(now));

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    private static T Must<T>(StsResult<T> result)
    {
        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        return result.Value;
    }

    private sealed class FixedProviders(IOidcProviderSource source) : IOidcProviderDirectory
    {
        public IOidcProviderSource ForAccount(string account) => source;
    }
}
