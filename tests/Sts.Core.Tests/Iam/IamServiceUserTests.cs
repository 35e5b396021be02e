using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

public sealed class IamServiceUserTests : IamServiceTestBase
{
    [Test]
    public async Task CreateUser_Valid_ReturnsUserWithAwsShapedIdAndArn()
    {
        var user = Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice", "/staff/")));

        user.UserId.Should().MatchRegex("^AIDA[A-Z2-7]{17}$");
        user.Arn.Should().Be("arn:aws:iam::123456789012:user/staff/alice");
        Ok(await Iam.GetUserAsync(Root, new GetUserRequest("ALICE"))).Should().BeEquivalentTo(user);
    }

    [Test]
    public async Task CreateUser_NameTakenInOtherCase_ReturnsEntityAlreadyExists()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

        Fails(await Iam.CreateUserAsync(Root, new CreateUserRequest("Alice")), "EntityAlreadyExists", 409, "User with name Alice already exists.");
    }

    [Test]
    public async Task CreateUser_BadName_ReturnsValidationError()
    {
        Fails(await Iam.CreateUserAsync(Root, new CreateUserRequest("al ice")), "ValidationError", 400, "Value 'al ice' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    }

    [Test]
    public async Task GetUser_WithoutNameAsUser_DescribesCallerWhenAllowed()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var alice = IamPrincipal.User(Account, "alice");
        Fails(await Iam.GetUserAsync(alice, new GetUserRequest()), "AccessDenied", 403, "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:GetUser on resource: arn:aws:iam::123456789012:user/alice");

        Ok(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "self", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}]}""")));

        Ok(await Iam.GetUserAsync(alice, new GetUserRequest())).UserName.Should().Be("alice");
    }

    [Test]
    public async Task GetUser_WithoutNameAsRoot_ReturnsValidationError()
    {
        Fails(await Iam.GetUserAsync(Root, new GetUserRequest()), "ValidationError", 400, "Must specify userName when calling with non-User credentials");
    }

    [Test]
    public async Task GetUser_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.GetUserAsync(Root, new GetUserRequest("bob")), "NoSuchEntity", 404, "The user with name bob cannot be found.");
    }

    [Test]
    public async Task ListUsers_PathPrefixAndPages_ReturnsMatchingUsers()
    {
        foreach (var (name, path) in new[] { ("c", "/a/"), ("b", "/a/"), ("a", "/") })
        {
            Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest(name, path)));
        }

        var page = Ok(await Iam.ListUsersAsync(Root, new ListUsersRequest("/a/", null, 1)));
        var next = Ok(await Iam.ListUsersAsync(Root, new ListUsersRequest("/a/", page.Marker, 1)));

        page.Items.Select(u => u.UserName).Should().Equal("b");
        next.Items.Select(u => u.UserName).Should().Equal("c");
        next.IsTruncated.Should().BeFalse();
    }

    [Test]
    public async Task UpdateUser_Rename_MovesUserAndItsAccessKeys()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        Ok(await Iam.UpdateUserAsync(Root, new UpdateUserRequest("alice", "/new/", "carol")));

        Fails(await Iam.GetUserAsync(Root, new GetUserRequest("alice")), "NoSuchEntity", 404, "alice");
        Ok(await Iam.GetUserAsync(Root, new GetUserRequest("carol"))).Arn.Should().Be("arn:aws:iam::123456789012:user/new/carol");
        Ok(await Iam.ListAccessKeysAsync(Root, new ListAccessKeysRequest("carol"))).Items.Single().UserName.Should().Be("carol");
        var resolved = await Iam.ResolveAccessKeyAsync(key.AccessKeyId);
        resolved!.Principal.Arn.Should().Be("arn:aws:iam::123456789012:user/new/carol");
    }

    [Test]
    public async Task UpdateUser_RenameToTakenName_ReturnsEntityAlreadyExists()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("bob")));

        Fails(await Iam.UpdateUserAsync(Root, new UpdateUserRequest("alice", NewUserName: "BOB")), "EntityAlreadyExists", 409, "User with name BOB already exists.");
    }

    [Test]
    public async Task UpdateUser_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.UpdateUserAsync(Root, new UpdateUserRequest("nobody", NewUserName: "x")), "NoSuchEntity", 404, "nobody");
    }

    [Test]
    public async Task DeleteUser_WithAccessKey_ReturnsDeleteConflict()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var key = Ok(await Iam.CreateAccessKeyAsync(Root, new CreateAccessKeyRequest("alice")));

        Fails(await Iam.DeleteUserAsync(Root, new DeleteUserRequest("alice")), "DeleteConflict", 409, "must delete access keys first");

        Ok(await Iam.DeleteAccessKeyAsync(Root, new DeleteAccessKeyRequest(key.AccessKeyId, "alice")));
        Ok(await Iam.DeleteUserAsync(Root, new DeleteUserRequest("alice")));
    }

    [Test]
    public async Task DeleteUser_WithInlinePolicy_ReturnsDeleteConflict()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        Ok(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "p", S3ReadPolicy)));

        Fails(await Iam.DeleteUserAsync(Root, new DeleteUserRequest("alice")), "DeleteConflict", 409, "must delete policies first");
    }

    [Test]
    public async Task DeleteUser_WithAttachedPolicy_ReturnsDeleteConflict()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("Read", S3ReadPolicy)));
        Ok(await Iam.AttachUserPolicyAsync(Root, new AttachUserPolicyRequest("alice", policy.Arn)));

        Fails(await Iam.DeleteUserAsync(Root, new DeleteUserRequest("alice")), "DeleteConflict", 409, "must detach all policies first");
    }

    [Test]
    public async Task DeleteUser_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.DeleteUserAsync(Root, new DeleteUserRequest("bob")), "NoSuchEntity", 404, "The user with name bob cannot be found.");
    }

    [Test]
    public async Task PutUserPolicy_GetListDelete_RoundTrips()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

        Ok(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "read", S3ReadPolicy)));

        Ok(await Iam.GetUserPolicyAsync(Root, new GetUserPolicyRequest("alice", "read"))).Should().Be(new InlinePolicy("alice", "read", S3ReadPolicy));
        Ok(await Iam.ListUserPoliciesAsync(Root, new ListUserPoliciesRequest("alice"))).Items.Should().Equal("read");
        Ok(await Iam.DeleteUserPolicyAsync(Root, new DeleteUserPolicyRequest("alice", "read")));
        Fails(await Iam.GetUserPolicyAsync(Root, new GetUserPolicyRequest("alice", "read")), "NoSuchEntity", 404, "The user policy with name read cannot be found.");
        Fails(await Iam.DeleteUserPolicyAsync(Root, new DeleteUserPolicyRequest("alice", "read")), "NoSuchEntity", 404, "read");
    }

    [Test]
    public async Task PutUserPolicy_AggregateOver2048_ReturnsLimitExceeded()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var resources = string.Join(",", Enumerable.Range(0, 60).Select(i => $"\"arn:aws:s3:::bucket-number-{i:D4}/*\""));
        var big = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[{{resources}}]}]}""";

        Fails(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "big", big)), "LimitExceeded", 409, "Maximum policy size of 2048 bytes exceeded for user alice");
    }

    [Test]
    public async Task PutUserPolicy_Malformed_ReturnsMalformedPolicyDocument()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

        Fails(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "p", """{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}""")), "MalformedPolicyDocument", 400, "Syntax errors in policy.");
    }

    [Test]
    public async Task PutUserPolicy_MissingUser_ReturnsNoSuchEntity()
    {
        Fails(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("bob", "p", S3ReadPolicy)), "NoSuchEntity", 404, "bob");
    }

    [Test]
    public async Task AttachUserPolicy_ListDetach_KeepsAttachmentCount()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("Read", S3ReadPolicy, "/team/")));

        Ok(await Iam.AttachUserPolicyAsync(Root, new AttachUserPolicyRequest("alice", policy.Arn)));
        Ok(await Iam.AttachUserPolicyAsync(Root, new AttachUserPolicyRequest("alice", policy.Arn)));

        Ok(await Iam.ListAttachedUserPoliciesAsync(Root, new ListAttachedUserPoliciesRequest("alice"))).Items.Should().Equal(new AttachedPolicy("Read", policy.Arn));
        Ok(await Iam.ListAttachedUserPoliciesAsync(Root, new ListAttachedUserPoliciesRequest("alice", "/other/"))).Items.Should().BeEmpty();
        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn))).AttachmentCount.Should().Be(1);
        Ok(await Iam.DetachUserPolicyAsync(Root, new DetachUserPolicyRequest("alice", policy.Arn)));
        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn))).AttachmentCount.Should().Be(0);
        Fails(await Iam.DetachUserPolicyAsync(Root, new DetachUserPolicyRequest("alice", policy.Arn)), "NoSuchEntity", 404, $"Policy {policy.Arn} was not found.");
    }

    [Test]
    public async Task AttachUserPolicy_UnknownPolicy_ReturnsNoSuchEntity()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

        Fails(await Iam.AttachUserPolicyAsync(Root, new AttachUserPolicyRequest("alice", "arn:aws:iam::123456789012:policy/Nope")), "NoSuchEntity", 404, "does not exist or is not attachable");
    }

    [Test]
    public async Task AttachUserPolicy_ShortArn_ReturnsValidationError()
    {
        Fails(await Iam.AttachUserPolicyAsync(Root, new AttachUserPolicyRequest("alice", "arn:x")), "ValidationError", 400, "Value 'arn:x' at 'policyArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
    }

    [Test]
    public async Task PutUserPermissionsBoundary_SetThenDelete_UpdatesUserAndUsageCount()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("Boundary", S3ReadPolicy)));

        Ok(await Iam.PutUserPermissionsBoundaryAsync(Root, new PutUserPermissionsBoundaryRequest("alice", policy.Arn)));

        Ok(await Iam.GetUserAsync(Root, new GetUserRequest("alice"))).PermissionsBoundaryArn.Should().Be(policy.Arn);
        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn))).PermissionsBoundaryUsageCount.Should().Be(1);
        Ok(await Iam.DeleteUserPermissionsBoundaryAsync(Root, new DeleteUserPermissionsBoundaryRequest("alice")));
        Ok(await Iam.GetUserAsync(Root, new GetUserRequest("alice"))).PermissionsBoundaryArn.Should().BeNull();
        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn))).PermissionsBoundaryUsageCount.Should().Be(0);
    }

    [Test]
    public async Task PutUserPermissionsBoundary_MissingUser_ReturnsNoSuchEntity()
    {
        Fails(await Iam.PutUserPermissionsBoundaryAsync(Root, new PutUserPermissionsBoundaryRequest("bob", "arn:aws:iam::123456789012:policy/B")), "NoSuchEntity", 404, "bob");
    }
}
