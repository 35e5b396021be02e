using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

/// <summary>
/// Who may call what. Until identity-policy evaluation is wired into the authorizer, every non-root
/// principal is denied (fail closed); these tests pin that, and that no account's root reaches another's.
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
}
