using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

/// <summary>
/// Who may call what: an account's root within its account; users and role sessions by their identity
/// policies, permissions boundary and session policies (Sts.Policy's evaluator); nobody across accounts.
/// </summary>
public sealed class IamAuthorizationTests : IamServiceTestBase
{
    private static readonly IamPrincipal OtherRoot = IamPrincipal.Root(AccountId.Parse("210987654321"));

    [Test]
    public async Task CreateRole_AsIamUser_ReturnsAccessDeniedNamingActionAndRoleArn()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));

        Fails(await Iam.CreateRoleAsync(IamPrincipal.User(Account, "alice"), new CreateRoleRequest("R", TrustPolicy, "/p/")), "AccessDenied", 403, "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/p/R");
        Fails(await Iam.GetRoleAsync(Root, new GetRoleRequest("R")), "NoSuchEntity", 404, "R");
    }

    [Test]
    public async Task UpdateAssumeRolePolicy_AsRoleSession_ReturnsAccessDeniedAndKeepsTrust()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));

        Fails(await Iam.UpdateAssumeRolePolicyAsync(IamPrincipal.AssumedRole(Account, "R", "s"), new UpdateAssumeRolePolicyRequest("R", OtherTrustPolicy)), "AccessDenied", 403, "iam:UpdateAssumeRolePolicy on resource: arn:aws:iam::123456789012:role/R");

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R"))).AssumeRolePolicyDocument.Should().Be(TrustPolicy);
    }

    [Test]
    public async Task GetPolicy_OfAnotherAccountAsItsNonOwnerRoot_ReturnsAccessDenied()
    {
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("P", S3ReadPolicy)));

        Fails(await Iam.GetPolicyAsync(OtherRoot, new GetPolicyRequest(policy.Arn)), "AccessDenied", 403, "arn:aws:iam::210987654321:root is not authorized to perform: iam:GetPolicy");
        Fails(await Iam.DeletePolicyAsync(OtherRoot, new DeletePolicyRequest(policy.Arn)), "AccessDenied", 403, "iam:DeletePolicy");
        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn)));
    }

    [Test]
    public async Task DeleteOpenIDConnectProvider_OfAnotherAccount_ReturnsAccessDeniedAndKeepsIt()
    {
        var provider = Ok(await Iam.CreateOpenIDConnectProviderAsync(Root, new CreateOpenIDConnectProviderRequest("https://idp.example.com")));

        Fails(await Iam.DeleteOpenIDConnectProviderAsync(OtherRoot, new DeleteOpenIDConnectProviderRequest(provider.Arn)), "AccessDenied", 403, "iam:DeleteOpenIDConnectProvider");

        Ok(await Iam.GetOpenIDConnectProviderAsync(Root, new GetOpenIDConnectProviderRequest(provider.Arn)));
    }

    [Test]
    public async Task RolesByName_AreScopedToTheCallersAccount()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));

        Fails(await Iam.DeleteRoleAsync(OtherRoot, new DeleteRoleRequest("R")), "NoSuchEntity", 404, "R");
        Ok(await Iam.ListRolesAsync(OtherRoot, new ListRolesRequest())).Items.Should().BeEmpty();
        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R")));
    }

    [Test]
    public async Task CreateAccessKey_ForAnotherUserAsUser_ReturnsAccessDenied()
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("alice")));
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("bob")));

        Fails(await Iam.CreateAccessKeyAsync(IamPrincipal.User(Account, "alice"), new CreateAccessKeyRequest("bob")), "AccessDenied", 403, "iam:CreateAccessKey on resource: arn:aws:iam::123456789012:user/bob");
        Ok(await Iam.ListAccessKeysAsync(Root, new ListAccessKeysRequest("bob"))).Items.Should().BeEmpty();
    }

    [Test]
    public async Task ListUsers_AsUser_ReturnsAccessDenied()
    {
        Fails(await Iam.ListUsersAsync(IamPrincipal.User(Account, "alice"), new ListUsersRequest()), "AccessDenied", 403, "iam:ListUsers");
    }

    private static string Allow(string action, string resource, string effect = "Allow") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Action":"{{action}}","Resource":"{{resource}}"}]}""";

    private async Task<IamPrincipal> UserWithPolicy(string name, string document)
    {
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest(name)));
        Ok(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest(name, "p", document)));
        return IamPrincipal.User(Account, name);
    }

    [Test]
    public async Task CreateRole_UserAllowedOnPath_CreatesThereOnly()
    {
        var alice = await UserWithPolicy("alice", Allow("iam:CreateRole", "arn:aws:iam::123456789012:role/app/*"));

        Ok(await Iam.CreateRoleAsync(alice, new CreateRoleRequest("Mine", TrustPolicy, "/app/")));

        Fails(await Iam.CreateRoleAsync(alice, new CreateRoleRequest("Other", TrustPolicy, "/ops/")), "AccessDenied", 403, "iam:CreateRole on resource: arn:aws:iam::123456789012:role/ops/Other");
    }

    [Test]
    public async Task DeleteRole_UserWithAttachedManagedPolicy_IsAllowed()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        Ok(await Iam.CreateUserAsync(Root, new CreateUserRequest("bob")));
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("RoleAdmin", Allow("iam:*Role", "*"))));
        Ok(await Iam.AttachUserPolicyAsync(Root, new AttachUserPolicyRequest("bob", policy.Arn)));

        Ok(await Iam.DeleteRoleAsync(IamPrincipal.User(Account, "bob"), new DeleteRoleRequest("R")));
    }

    [Test]
    public async Task TagRole_ExplicitDenyBesideAllow_ReturnsAccessDenied()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        var alice = await UserWithPolicy("alice", Allow("iam:*", "*"));
        Ok(await Iam.PutUserPolicyAsync(Root, new PutUserPolicyRequest("alice", "deny", Allow("iam:TagRole", "*", "Deny"))));

        Fails(await Iam.TagRoleAsync(alice, new TagRoleRequest("R", [new IamTag("a", "b")])), "AccessDenied", 403, "iam:TagRole");
        Ok(await Iam.GetRoleAsync(alice, new GetRoleRequest("R")));
    }

    [Test]
    public async Task CreateRole_UserOutsidePermissionsBoundary_ReturnsAccessDenied()
    {
        var boundary = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("ReadOnly", Allow("iam:Get*", "*"))));
        var alice = await UserWithPolicy("alice", Allow("iam:*", "*"));
        Ok(await Iam.PutUserPermissionsBoundaryAsync(Root, new PutUserPermissionsBoundaryRequest("alice", boundary.Arn)));

        Fails(await Iam.CreateRoleAsync(alice, new CreateRoleRequest("R", TrustPolicy)), "AccessDenied", 403, "iam:CreateRole");
        Fails(await Iam.GetRoleAsync(alice, new GetRoleRequest("Nope")), "NoSuchEntity", 404, "Nope");
    }

    [Test]
    public async Task CreateRole_RoleSession_IsLimitedByItsSessionPolicies()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("Admin", TrustPolicy)));
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Admin", "all", Allow("iam:*", "*"))));
        var unrestricted = IamPrincipal.AssumedRole(Account, "Admin", "s1");
        var restricted = IamPrincipal.AssumedRole(Account, "Admin", "s2", [Allow("iam:GetRole", "*")]);

        Ok(await Iam.CreateRoleAsync(unrestricted, new CreateRoleRequest("ByUnrestricted", TrustPolicy)));
        Fails(await Iam.CreateRoleAsync(restricted, new CreateRoleRequest("ByRestricted", TrustPolicy)), "AccessDenied", 403, "arn:aws:sts::123456789012:assumed-role/Admin/s2 is not authorized to perform: iam:CreateRole");
        Ok(await Iam.GetRoleAsync(restricted, new GetRoleRequest("Admin")));
    }

    [Test]
    public async Task GetPolicy_OtherAccountUserAllowedEverything_ReturnsAccessDenied()
    {
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("P", S3ReadPolicy)));
        var other = AccountId.Parse("210987654321");
        Ok(await Iam.CreateUserAsync(IamPrincipal.Root(other), new CreateUserRequest("mallory")));
        Ok(await Iam.PutUserPolicyAsync(IamPrincipal.Root(other), new PutUserPolicyRequest("mallory", "all", Allow("iam:*", "*"))));

        Fails(await Iam.GetPolicyAsync(IamPrincipal.User(other, "mallory"), new GetPolicyRequest(policy.Arn)), "AccessDenied", 403, "user/mallory is not authorized to perform: iam:GetPolicy");
    }

    [TestCase("tenant1")]
    [TestCase("")]
    public async Task CreateRole_UserOfTenantOrDefaultAccount_GetsExactlyWhatItsPoliciesGrant(string account)
    {
        var tenant = AccountId.Parse(account);
        Ok(await Iam.CreateUserAsync(IamPrincipal.Root(tenant), new CreateUserRequest("t")));
        Ok(await Iam.CreateUserAsync(IamPrincipal.Root(tenant), new CreateUserRequest("nopolicy")));
        Ok(await Iam.PutUserPolicyAsync(IamPrincipal.Root(tenant), new PutUserPolicyRequest("t", "all", Allow("iam:*", "*"))));

        Ok(await Iam.CreateRoleAsync(IamPrincipal.User(tenant, "t"), new CreateRoleRequest("R", TrustPolicy)));
        Fails(await Iam.CreateRoleAsync(IamPrincipal.User(tenant, "nopolicy"), new CreateRoleRequest("R2", TrustPolicy)), "AccessDenied", 403, "iam:CreateRole");
    }
}
