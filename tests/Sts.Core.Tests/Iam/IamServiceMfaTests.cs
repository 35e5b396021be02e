using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

public class IamServiceMfaTests : IamServiceTestBase
{
    private async Task<NewVirtualMfaDevice> CreateDeviceAsync(string name = "alice-phone", string? path = null) =>
        Ok(await Iam.CreateVirtualMFADeviceAsync(Root, new CreateVirtualMFADeviceRequest(name, path)));

    private async Task EnableAsync(NewVirtualMfaDevice device, string userName = "alice")
    {
        var (first, second) = TotpPeer.ConsecutiveCodes(device.Base32StringSeed, Time.GetUtcNow());
        Ok(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest(userName, device.SerialNumber, first, second)));
    }

    [SetUp]
    public async Task CreateUser() => Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

    [Test]
    public async Task CreateVirtualMFADevice_NewName_ReturnsSerialNumberAndBase32Seed()
    {
        var device = await CreateDeviceAsync();

        device.SerialNumber.Should().Be("arn:aws:iam::123456789012:mfa/alice-phone");
        device.Base32StringSeed.Should().MatchRegex("^[A-Z2-7]{64}$");
        device.ToString().Should().NotContain(device.Base32StringSeed);
    }

    [Test]
    public async Task CreateVirtualMFADevice_WithPath_SerialNumberCarriesThePath()
    {
        var device = await CreateDeviceAsync(path: "/team/");
        device.SerialNumber.Should().Be("arn:aws:iam::123456789012:mfa/team/alice-phone");
    }

    [Test]
    public async Task CreateVirtualMFADevice_SameNameOtherCase_ReturnsEntityAlreadyExists()
    {
        await CreateDeviceAsync();
        Fails(await Iam.CreateVirtualMFADeviceAsync(Root, new CreateVirtualMFADeviceRequest("ALICE-PHONE")), "EntityAlreadyExists", 409, "MFADevice entity");
    }

    [Test]
    public async Task CreateVirtualMFADevice_BadNameOrPath_ReturnsValidationError()
    {
        Fails(await Iam.CreateVirtualMFADeviceAsync(Root, new CreateVirtualMFADeviceRequest("no spaces")), "ValidationError", 400, "virtualMFADeviceName");
        Fails(await Iam.CreateVirtualMFADeviceAsync(Root, new CreateVirtualMFADeviceRequest("ok", "nopath")), "ValidationError", 400, "path");
        Fails(await Iam.CreateVirtualMFADeviceAsync(Root, new CreateVirtualMFADeviceRequest(new string('a', 227))), "InvalidInput", 400, "longer than 256");
    }

    [Test]
    public async Task CreateVirtualMFADevice_UserWithoutPolicy_ReturnsAccessDenied()
    {
        Fails(await Iam.CreateVirtualMFADeviceAsync(IamPrincipal.User(Account, "alice"), new CreateVirtualMFADeviceRequest("x")), "AccessDenied", 403, "iam:CreateVirtualMFADevice");
    }

    [Test]
    public async Task EnableMFADevice_ConsecutiveCodesFromIndependentTotp_ListsTheDevice()
    {
        var device = await CreateDeviceAsync();
        await EnableAsync(device);

        var page = Ok(await Iam.ListMFADevicesAsync(Root, new ListMFADevicesRequest("alice")));
        page.Items.Should().Equal(new IamMfaDevice("alice", device.SerialNumber, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task EnableMFADevice_CodesNotConsecutive_ReturnsInvalidAuthenticationCode()
    {
        var device = await CreateDeviceAsync();
        var now = Time.GetUtcNow();
        var codes = TotpPeer.Codes(device.Base32StringSeed, now.AddSeconds(-60), now);

        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("alice", device.SerialNumber, codes[0], codes[1])), "InvalidAuthenticationCode", 403, "not valid");
        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("alice", device.SerialNumber, codes[1], codes[0])), "InvalidAuthenticationCode", 403, "not valid");
        Ok(await Iam.ListMFADevicesAsync(Root, new ListMFADevicesRequest("alice"))).Items.Should().BeEmpty();
    }

    [Test]
    public async Task EnableMFADevice_CodesFromTenMinutesAgo_ReturnsInvalidAuthenticationCode()
    {
        var device = await CreateDeviceAsync();
        var (first, second) = TotpPeer.ConsecutiveCodes(device.Base32StringSeed, Time.GetUtcNow().AddMinutes(-10));
        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("alice", device.SerialNumber, first, second)), "InvalidAuthenticationCode", 403, "not valid");
    }

    [Test]
    public async Task EnableMFADevice_MalformedCode_ReturnsValidationError()
    {
        var device = await CreateDeviceAsync();
        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("alice", device.SerialNumber, "12345", "abcdef")), "ValidationError", 400, "authenticationCode1");
    }

    [Test]
    public async Task EnableMFADevice_DeviceAlreadyEnabled_ReturnsEntityAlreadyExists()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("bob")));
        var device = await CreateDeviceAsync();
        await EnableAsync(device);
        Time.Advance(TimeSpan.FromSeconds(60));

        var (first, second) = TotpPeer.ConsecutiveCodes(device.Base32StringSeed, Time.GetUtcNow());
        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("bob", device.SerialNumber, first, second)), "EntityAlreadyExists", 409, "already in use");
    }

    [Test]
    public async Task EnableMFADevice_UnknownDeviceOrUser_ReturnsNoSuchEntity()
    {
        var device = await CreateDeviceAsync();
        var (first, second) = TotpPeer.ConsecutiveCodes(device.Base32StringSeed, Time.GetUtcNow());

        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("alice", "arn:aws:iam::123456789012:mfa/other", first, second)), "NoSuchEntity", 404, "mfa/other");
        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("alice", "arn:aws:iam::123456789012:mfa/x/alice-phone", first, second)), "NoSuchEntity", 404, "doesn't exist");
        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("alice", "arn:aws:iam::210987654321:mfa/alice-phone", first, second)), "NoSuchEntity", 404, "doesn't exist");
        Fails(await Iam.EnableMFADeviceAsync(Root, new EnableMFADeviceRequest("nobody", device.SerialNumber, first, second)), "NoSuchEntity", 404, "nobody");
    }

    [Test]
    public async Task DeleteVirtualMFADevice_WhileEnabled_ReturnsDeleteConflictUntilDeactivated()
    {
        var device = await CreateDeviceAsync();
        await EnableAsync(device);

        Fails(await Iam.DeleteVirtualMFADeviceAsync(Root, new DeleteVirtualMFADeviceRequest(device.SerialNumber)), "DeleteConflict", 409, "still in use");
        Ok(await Iam.DeactivateMFADeviceAsync(Root, new DeactivateMFADeviceRequest(device.SerialNumber, "alice")));
        Ok(await Iam.ListMFADevicesAsync(Root, new ListMFADevicesRequest("alice"))).Items.Should().BeEmpty();
        Ok(await Iam.DeleteVirtualMFADeviceAsync(Root, new DeleteVirtualMFADeviceRequest(device.SerialNumber)));
        Fails(await Iam.DeleteVirtualMFADeviceAsync(Root, new DeleteVirtualMFADeviceRequest(device.SerialNumber)), "NoSuchEntity", 404, "doesn't exist");
    }

    [Test]
    public async Task DeactivateMFADevice_DeviceOfAnotherUser_ReturnsNoSuchEntity()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("bob")));
        var device = await CreateDeviceAsync();
        await EnableAsync(device);

        Fails(await Iam.DeactivateMFADeviceAsync(Root, new DeactivateMFADeviceRequest(device.SerialNumber, "bob")), "NoSuchEntity", 404, "does not exist");
    }

    [Test]
    public async Task DeleteUser_WithEnabledDevice_ReturnsDeleteConflict()
    {
        var device = await CreateDeviceAsync();
        await EnableAsync(device);

        Fails(await Iam.DeleteUserAsync(Root, new DeleteUserRequest("alice")), "DeleteConflict", 409, "MFA devices");
        Ok(await Iam.DeactivateMFADeviceAsync(Root, new DeactivateMFADeviceRequest(device.SerialNumber, "alice")));
        Ok(await Iam.DeleteUserAsync(Root, new DeleteUserRequest("alice")));
    }

    [Test]
    public async Task CreateVirtualMFADevice_Seed_IsTheRecordSecretNotInItsJson()
    {
        var device = await CreateDeviceAsync();

        var record = await Store.GetAsync("iam/123456789012/mfa/alice-phone");
        record!.Secret.Should().Be(device.Base32StringSeed);
        record.Value.Should().NotContain(device.Base32StringSeed);
    }

    [Test]
    public async Task ListMFADevices_ByTheUserItself_AllowedByPolicyOnItsOwnArn()
    {
        var device = await CreateDeviceAsync();
        await EnableAsync(device);
        Ok(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "own-mfa", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListMFADevices","Resource":"arn:aws:iam::123456789012:user/${aws:username}"}]}""")));
        var alice = IamPrincipal.User(Account, "alice");

        Ok(await Iam.ListMFADevicesAsync(alice, new ListMFADevicesRequest())).Items.Should().ContainSingle();
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("bob")));
        Fails(await Iam.ListMFADevicesAsync(alice, new ListMFADevicesRequest("bob")), "AccessDenied", 403, "iam:ListMFADevices");
    }
}
