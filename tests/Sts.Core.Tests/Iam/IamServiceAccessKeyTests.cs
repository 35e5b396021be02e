using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

public sealed class IamServiceAccessKeyTests : IamServiceTestBase
{
    [SetUp]
    public async Task CreateAlice() => Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

    [Test]
    public async Task CreateAccessKey_ForUser_ReturnsAwsShapedIdAndSecretOnce()
    {
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        key.AccessKeyId.Should().MatchRegex("^AKIA[A-Z2-7]{16}$");
        key.SecretAccessKey.Should().MatchRegex("^[A-Za-z0-9+/]{40}$");
        key.Status.Should().Be(AccessKeyStatus.Active);
        key.ToString().Should().NotContain(key.SecretAccessKey);
        var listed = Ok(await Iam.ListAccessKeysAsync(Root, new ListAccessKeysRequest("alice"))).Items.Single();
        listed.Should().Be(new AccessKeyMetadata("alice", key.AccessKeyId, AccessKeyStatus.Active, key.CreateDate));
    }

    [Test]
    public async Task CreateAccessKey_ThirdKey_ReturnsLimitExceeded()
    {
        Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));
        Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        Fails(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")), "LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: 2");
    }

    [Test]
    public async Task CreateAccessKey_MissingUser_ReturnsNoSuchEntity()
    {
        Fails(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("bob")), "NoSuchEntity", 404, "The user with name bob cannot be found.");
    }

    [Test]
    public async Task CreateAccessKey_WithoutNameAsRoot_CreatesRootKeyResolvingToRoot()
    {
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest()));

        key.UserName.Should().BeNull();
        Ok(await Iam.ListAccessKeysAsync(Root, new ListAccessKeysRequest())).Items.Single().AccessKeyId.Should().Be(key.AccessKeyId);
        var resolved = await Iam.ResolveAccessKeyAsync(key.AccessKeyId);
        resolved!.Principal.Should().Be(Root);
        resolved.SecretAccessKey.Should().Be(key.SecretAccessKey);
        resolved.ToString().Should().NotContain(key.SecretAccessKey);
    }

    [Test]
    public async Task ResolveAccessKey_UserKey_ReturnsUserPrincipalStatusAndSecret()
    {
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        var resolved = await Iam.ResolveAccessKeyAsync(key.AccessKeyId);

        resolved!.Principal.Should().Be(IamPrincipal.User(Account, "alice"));
        resolved.Status.Should().Be(AccessKeyStatus.Active);
        resolved.SecretAccessKey.Should().Be(key.SecretAccessKey);
        (await Iam.ResolveAccessKeyAsync("AKIAUNKNOWNUNKNOWN00")).Should().BeNull();
    }

    [Test]
    public async Task UpdateAccessKey_Inactive_ChangesStatusSeenByResolve()
    {
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        Ok(await Iam.UpdateAccessKeyAsync(Root, new UpdateAccessKeyRequest(key.AccessKeyId, "Inactive", "alice")));

        (await Iam.ResolveAccessKeyAsync(key.AccessKeyId))!.Status.Should().Be(AccessKeyStatus.Inactive);
        (await Iam.ResolveAccessKeyAsync(key.AccessKeyId))!.SecretAccessKey.Should().Be(key.SecretAccessKey);
    }

    [Test]
    public async Task UpdateAccessKey_UnknownStatus_ReturnsValidationErrorWithEnum()
    {
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        Fails(await Iam.UpdateAccessKeyAsync(Root, new UpdateAccessKeyRequest(key.AccessKeyId, "Paused", "alice")), "ValidationError", 400, "Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]");
    }

    [Test]
    public async Task UpdateAccessKey_Expired_ReturnsInvalidInput()
    {
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        Fails(await Iam.UpdateAccessKeyAsync(Root, new UpdateAccessKeyRequest(key.AccessKeyId, "Expired", "alice")), "InvalidInput", 400, "Active or Inactive");
    }

    [Test]
    public async Task UpdateAccessKey_KeyOfAnotherUser_ReturnsNoSuchEntity()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("bob")));
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("bob")));

        Fails(await Iam.UpdateAccessKeyAsync(Root, new UpdateAccessKeyRequest(key.AccessKeyId, "Inactive", "alice")), "NoSuchEntity", 404, $"The Access Key with id {key.AccessKeyId} cannot be found.");
    }

    [Test]
    public async Task DeleteAccessKey_Existing_RemovesItEverywhere()
    {
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        Ok(await Iam.DeleteAccessKeyAsync(Root, new DeleteAccessKeyRequest(key.AccessKeyId, "alice")));

        Ok(await Iam.ListAccessKeysAsync(Root, new ListAccessKeysRequest("alice"))).Items.Should().BeEmpty();
        (await Iam.ResolveAccessKeyAsync(key.AccessKeyId)).Should().BeNull();
        Fails(await Iam.DeleteAccessKeyAsync(Root, new DeleteAccessKeyRequest(key.AccessKeyId, "alice")), "NoSuchEntity", 404, key.AccessKeyId);
    }

    [Test]
    public async Task DeleteAccessKey_ShortId_ReturnsValidationError()
    {
        Fails(await Iam.DeleteAccessKeyAsync(Root, new DeleteAccessKeyRequest("AKIA", "alice")), "ValidationError", 400, "Value 'AKIA' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16");
    }

    [Test]
    public async Task ListAccessKeys_AsRoleSessionWithoutName_ReturnsValidationError()
    {
        Fails(await Iam.ListAccessKeysAsync(IamPrincipal.AssumedRole(Account, "R", "s"), new ListAccessKeysRequest()), "ValidationError", 400, "Must specify userName");
    }
}
