using Microsoft.Extensions.Time.Testing;
using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;
using Sts.Core.SecurityToken;
using Sts.Core.Tests.Iam;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.SecurityToken;

/// <summary>
/// AssumeRole and GetSessionToken with <c>SerialNumber</c>/<c>TokenCode</c> against virtual MFA devices registered through
/// the real IAM service; codes come from an independent TOTP implementation (Python's standard library).
/// </summary>
public class StsMfaIntegrationTests
{
    private const string AccountNumber = "123456789012";
    private const string TrustWithMfa = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::123456789012:role/*"}]}""";

    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse(AccountNumber));

    private FakeTimeProvider _clock = null!;
    private IamService _iam = null!;
    private StsService _sts = null!;
    private IamUser _alice = null!;
    private NewVirtualMfaDevice _aliceDevice = null!;

    [SetUp]
    public async Task CreateServices()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 10, TimeSpan.Zero));
        _iam = new IamService(new InMemoryIamStore(), null, _clock);
        var directory = new IamStsDirectory(_iam);
        var ring = SessionKeyRing.CreateWithNewKey();
        _sts = new StsService(new SessionTokenSealer(ring, _clock), directory, new PolicyEvaluatorStsDecider(directory), directory, new TotpVerifier(_clock), directory, new AuthorizationMessageSealer(ring), _clock);
        _alice = (await _iam.CreateUserAsync(Root, new CreateUserRequest("alice"))).Value;
        (await _iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "assume", AllowAssume))).IsSuccess.Should().BeTrue();
        (await _iam.CreateRoleAsync(Root, new CreateRoleRequest("Admin", TrustWithMfa))).IsSuccess.Should().BeTrue();
        _aliceDevice = await CreateAndEnableAsync("alice", "alice-phone");

        // The next step, so the codes below are not the ones typed while enabling.
        _clock.Advance(TimeSpan.FromSeconds(30));
    }

    private StsCaller Alice => StsCaller.ForUser(AccountNumber, _alice.Arn, _alice.UserId);

    private static AssumeRoleRequest Request => new() { RoleArn = "arn:aws:iam::123456789012:role/Admin", RoleSessionName = "admin-1" };

    private string CurrentCode(NewVirtualMfaDevice device) => TotpPeer.Codes(device.Base32StringSeed, _clock.GetUtcNow())[0];

    private async Task<NewVirtualMfaDevice> CreateAndEnableAsync(string userName, string deviceName)
    {
        var device = (await _iam.CreateVirtualMFADeviceAsync(Root, new CreateVirtualMFADeviceRequest(deviceName))).Value;
        var (first, second) = TotpPeer.ConsecutiveCodes(device.Base32StringSeed, _clock.GetUtcNow());
        var enabled = await _iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest(userName, device.SerialNumber, first, second));
        enabled.IsSuccess.Should().BeTrue(enabled.Error?.ToString());
        return device;
    }

    [Test]
    public async Task AssumeRole_WithTheUsersEnabledDeviceAndCurrentCode_SatisfiesMultiFactorAuthPresentTrust()
    {
        var result = await _sts.AssumeRoleAsync(Alice, Request with { SerialNumber = _aliceDevice.SerialNumber, TokenCode = CurrentCode(_aliceDevice) });

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
        result.Value.Session.MultiFactorAuthenticatedAt.Should().Be(_clock.GetUtcNow());
    }

    [Test]
    public async Task AssumeRole_WithoutMfa_TrustConditionDenies()
    {
        var result = await _sts.AssumeRoleAsync(Alice, Request);
        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_WrongCode_ReturnsAccessDenied()
    {
        var code = CurrentCode(_aliceDevice);
        var wrong = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        var result = await _sts.AssumeRoleAsync(Alice, Request with { SerialNumber = _aliceDevice.SerialNumber, TokenCode = wrong });

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Contain("MultiFactorAuthentication failed");
    }

    [Test]
    public async Task AssumeRole_DeviceOfAnotherUserWithItsValidCode_ReturnsAccessDenied()
    {
        (await _iam.CreateUserAsync(Root, new CreateUserRequest("bob"))).IsSuccess.Should().BeTrue();
        var bobDevice = await CreateAndEnableAsync("bob", "bob-phone");

        var result = await _sts.AssumeRoleAsync(Alice, Request with { SerialNumber = bobDevice.SerialNumber, TokenCode = CurrentCode(bobDevice) });

        result.Error!.Code.Should().Be("AccessDenied");
        result.Error.Message.Should().Contain("bob-phone");
    }

    [Test]
    public async Task AssumeRole_DeviceCreatedButNeverEnabled_ReturnsAccessDenied()
    {
        var device = (await _iam.CreateVirtualMFADeviceAsync(Root, new CreateVirtualMFADeviceRequest("spare"))).Value;

        var result = await _sts.AssumeRoleAsync(Alice, Request with { SerialNumber = device.SerialNumber, TokenCode = CurrentCode(device) });

        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task AssumeRole_AfterTheDeviceIsDeactivated_ReturnsAccessDenied()
    {
        (await _iam.DeactivateMFADeviceAsync(Root, new DeactivateMFADeviceRequest(_aliceDevice.SerialNumber, "alice"))).IsSuccess.Should().BeTrue();

        var result = await _sts.AssumeRoleAsync(Alice, Request with { SerialNumber = _aliceDevice.SerialNumber, TokenCode = CurrentCode(_aliceDevice) });

        result.Error!.Code.Should().Be("AccessDenied");
    }

    [Test]
    public async Task GetSessionToken_WithMfa_SessionCarriesMfaIntoAChainedAssumeRole()
    {
        var session = await _sts.GetSessionTokenAsync(Alice, new GetSessionTokenRequest { SerialNumber = _aliceDevice.SerialNumber, TokenCode = CurrentCode(_aliceDevice) });
        session.IsSuccess.Should().BeTrue(session.Error?.ToString());
        session.Value.Session.MultiFactorAuthenticatedAt.Should().Be(_clock.GetUtcNow());

        var result = await _sts.AssumeRoleAsync(StsCaller.ForSession(session.Value.Session), Request);

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }
}
