using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

public sealed class IamServiceManagedPolicyTests : IamServiceTestBase
{
    private async Task<ManagedPolicy> CreatePolicy(string name = "Read", string? path = null) =>
        Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest(name, S3ReadPolicy, path, "reads the bucket")));

    [Test]
    public async Task CreatePolicy_Valid_ReturnsPolicyWithDefaultVersionV1()
    {
        var policy = await CreatePolicy(path: "/team/");

        policy.Arn.Should().Be("arn:aws:iam::123456789012:policy/team/Read");
        policy.PolicyId.Should().MatchRegex("^ANPA[A-Z2-7]{17}$");
        policy.DefaultVersionId.Should().Be("v1");
        policy.IsAttachable.Should().BeTrue();
        policy.AttachmentCount.Should().Be(0);
        policy.Description.Should().Be("reads the bucket");
        var version = Ok(await Iam.GetPolicyVersionAsync(Root, new GetPolicyVersionRequest(policy.Arn, "v1")));
        version.Document.Should().Be(S3ReadPolicy);
        version.IsDefaultVersion.Should().BeTrue();
    }

    [Test]
    public async Task CreatePolicy_NameTakenInOtherCaseAndPath_ReturnsEntityAlreadyExists()
    {
        await CreatePolicy();

        Fails(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("READ", S3ReadPolicy, "/x/")), "EntityAlreadyExists", 409, "A policy called READ already exists. Duplicate names are not allowed.");
    }

    [Test]
    public async Task CreatePolicy_BadPolicyPath_ReturnsValidationError()
    {
        Fails(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("P", S3ReadPolicy, "/a b/")), "ValidationError", 400, "at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
    }

    [Test]
    public async Task CreatePolicy_Over6144Characters_ReturnsLimitExceeded()
    {
        var resources = string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"arn:aws:s3:::bucket-number-{i:D4}/*\""));
        var big = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[{{resources}}]}]}""";

        Fails(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("Big", big)), "LimitExceeded", 409, "Cannot exceed quota for PolicySize: 6144");
    }

    [Test]
    public async Task CreatePolicy_WithPrincipal_ReturnsMalformedPolicyDocument()
    {
        Fails(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("P", TrustPolicy)), "MalformedPolicyDocument", 400, "Policy");
    }

    [Test]
    public async Task GetPolicy_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.GetPolicyAsync(Root, new GetPolicyRequest("arn:aws:iam::123456789012:policy/Nope")), "NoSuchEntity", 404, "Policy arn:aws:iam::123456789012:policy/Nope was not found.");
    }

    [Test]
    public async Task GetPolicy_WrongPath_ReturnsNoSuchEntity()
    {
        await CreatePolicy(path: "/team/");

        Fails(await Iam.GetPolicyAsync(Root, new GetPolicyRequest("arn:aws:iam::123456789012:policy/Read")), "NoSuchEntity", 404, "was not found");
    }

    [Test]
    public async Task GetPolicy_NotAPolicyArn_ReturnsInvalidInput()
    {
        Fails(await Iam.GetPolicyAsync(Root, new GetPolicyRequest("arn:aws:iam::123456789012:role/Read")), "InvalidInput", 400, "ARN arn:aws:iam::123456789012:role/Read is not valid.");
    }

    [Test]
    public async Task ListPolicies_OnlyAttachedAndPathPrefix_FiltersAndPages()
    {
        var a = await CreatePolicy("A", "/x/");
        await CreatePolicy("B", "/x/");
        await CreatePolicy("C", "/y/");
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        Ok(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("R", a.Arn)));

        Ok(await Iam.ListPoliciesAsync(Root, new ListPoliciesRequest(OnlyAttached: true))).Items.Select(p => p.PolicyName).Should().Equal("A");
        Ok(await Iam.ListPoliciesAsync(Root, new ListPoliciesRequest(PathPrefix: "/x/"))).Items.Select(p => p.PolicyName).Should().Equal("A", "B");
        Ok(await Iam.ListPoliciesAsync(Root, new ListPoliciesRequest(Scope: "AWS"))).Items.Should().BeEmpty();
        var first = Ok(await Iam.ListPoliciesAsync(Root, new ListPoliciesRequest(MaxItems: 2)));
        first.IsTruncated.Should().BeTrue();
        Ok(await Iam.ListPoliciesAsync(Root, new ListPoliciesRequest(Marker: first.Marker))).Items.Select(p => p.PolicyName).Should().Equal("C");
    }

    [Test]
    public async Task ListPolicies_BadScope_ReturnsValidationError()
    {
        Fails(await Iam.ListPoliciesAsync(Root, new ListPoliciesRequest(Scope: "Mine")), "ValidationError", 400, "Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]");
    }

    [Test]
    public async Task CreatePolicyVersion_SetAsDefault_ChangesDefaultAndDocumentInForce()
    {
        var policy = await CreatePolicy();
        Time.Advance(TimeSpan.FromMinutes(5));

        var v2 = Ok(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(policy.Arn, S3WritePolicy, SetAsDefault: true)));

        v2.VersionId.Should().Be("v2");
        var updated = Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn)));
        updated.DefaultVersionId.Should().Be("v2");
        updated.UpdateDate.Should().Be(policy.CreateDate.AddMinutes(5));
        var versions = Ok(await Iam.ListPolicyVersionsAsync(Root, new ListPolicyVersionsRequest(policy.Arn))).Items;
        versions.Select(v => (v.VersionId, v.IsDefaultVersion, v.Document)).Should().Equal(("v1", false, (string?)null), ("v2", true, (string?)null));
    }

    [Test]
    public async Task CreatePolicyVersion_SixthVersion_ReturnsLimitExceeded()
    {
        var policy = await CreatePolicy();
        for (var i = 0; i < 4; i++)
        {
            Ok(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(policy.Arn, S3WritePolicy)));
        }

        Fails(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(policy.Arn, S3WritePolicy)), "LimitExceeded", 409, "A managed policy can have up to 5 versions.");
    }

    [Test]
    public async Task CreatePolicyVersion_AfterDeletingOne_NumbersKeepIncreasing()
    {
        var policy = await CreatePolicy();
        Ok(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(policy.Arn, S3WritePolicy)));
        Ok(await Iam.DeletePolicyVersionAsync(Root, new DeletePolicyVersionRequest(policy.Arn, "v2")));

        Ok(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(policy.Arn, S3WritePolicy))).VersionId.Should().Be("v3");
    }

    [Test]
    public async Task CreatePolicyVersion_MissingPolicy_ReturnsNoSuchEntity()
    {
        Fails(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest("arn:aws:iam::123456789012:policy/Nope", S3ReadPolicy)), "NoSuchEntity", 404, "was not found");
    }

    [Test]
    public async Task GetPolicyVersion_Missing_ReturnsNoSuchEntity()
    {
        var policy = await CreatePolicy();

        Fails(await Iam.GetPolicyVersionAsync(Root, new GetPolicyVersionRequest(policy.Arn, "v9")), "NoSuchEntity", 404, "version v9 does not exist");
    }

    [Test]
    public async Task GetPolicyVersion_BadVersionId_ReturnsValidationError()
    {
        var policy = await CreatePolicy();

        Fails(await Iam.GetPolicyVersionAsync(Root, new GetPolicyVersionRequest(policy.Arn, "1")), "ValidationError", 400, "Value '1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    }

    [Test]
    public async Task DeletePolicyVersion_Default_ReturnsDeleteConflict()
    {
        var policy = await CreatePolicy();

        Fails(await Iam.DeletePolicyVersionAsync(Root, new DeletePolicyVersionRequest(policy.Arn, "v1")), "DeleteConflict", 409, "Cannot delete the default version of a policy.");
    }

    [Test]
    public async Task SetDefaultPolicyVersion_Existing_SwitchesDefault()
    {
        var policy = await CreatePolicy();
        Ok(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(policy.Arn, S3WritePolicy)));

        Ok(await Iam.SetDefaultPolicyVersionAsync(Root, new SetDefaultPolicyVersionRequest(policy.Arn, "v2")));

        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn))).DefaultVersionId.Should().Be("v2");
        Ok(await Iam.DeletePolicyVersionAsync(Root, new DeletePolicyVersionRequest(policy.Arn, "v1")));
        Fails(await Iam.SetDefaultPolicyVersionAsync(Root, new SetDefaultPolicyVersionRequest(policy.Arn, "v1")), "NoSuchEntity", 404, "version v1 does not exist");
    }

    [Test]
    public async Task DeletePolicy_WithNonDefaultVersions_ReturnsDeleteConflict()
    {
        var policy = await CreatePolicy();
        Ok(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(policy.Arn, S3WritePolicy)));

        Fails(await Iam.DeletePolicyAsync(Root, new DeletePolicyRequest(policy.Arn)), "DeleteConflict", 409, "you must delete the policy's versions");
    }

    [Test]
    public async Task DeletePolicy_Attached_ReturnsDeleteConflictUntilDetached()
    {
        var policy = await CreatePolicy();
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        Ok(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("R", policy.Arn)));

        Fails(await Iam.DeletePolicyAsync(Root, new DeletePolicyRequest(policy.Arn)), "DeleteConflict", 409, "Cannot delete a policy attached to entities.");

        Ok(await Iam.DetachRolePolicyAsync(Root, new DetachRolePolicyRequest("R", policy.Arn)));
        Ok(await Iam.DeletePolicyAsync(Root, new DeletePolicyRequest(policy.Arn)));
        Fails(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn)), "NoSuchEntity", 404, "was not found");
    }

    [Test]
    public async Task AttachRolePolicy_EleventhPolicy_ReturnsLimitExceeded()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        for (var i = 0; i < 10; i++)
        {
            var p = await CreatePolicy($"P{i}");
            Ok(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("R", p.Arn)));
        }

        var extra = await CreatePolicy("Extra");

        Fails(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("R", extra.Arn)), "LimitExceeded", 409, "Cannot exceed quota for PoliciesPerRole: 10");
        Ok(await Iam.ListAttachedRolePoliciesAsync(Root, new ListAttachedRolePoliciesRequest("R"))).Items.Should().HaveCount(10);
    }

    [Test]
    public async Task AttachRolePolicy_PolicyOfAnotherAccount_ReturnsNoSuchEntity()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        var other = Ok(await Iam.CreatePolicyAsync(IamPrincipal.Root(AccountId.Parse("210987654321")), new CreatePolicyRequest("Theirs", S3ReadPolicy)));

        Fails(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("R", other.Arn)), "NoSuchEntity", 404, "does not exist or is not attachable");
    }

    [Test]
    public async Task AttachRolePolicy_MissingRole_ReturnsNoSuchEntity()
    {
        var policy = await CreatePolicy();

        Fails(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("Nope", policy.Arn)), "NoSuchEntity", 404, "The role with name Nope cannot be found.");
    }

    [Test]
    public async Task DetachRolePolicy_NotAttached_ReturnsNoSuchEntity()
    {
        var policy = await CreatePolicy();
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));

        Fails(await Iam.DetachRolePolicyAsync(Root, new DetachRolePolicyRequest("R", policy.Arn)), "NoSuchEntity", 404, "was not found");
    }

    [Test]
    public async Task ListAttachedRolePolicies_MissingRole_ReturnsNoSuchEntity()
    {
        Fails(await Iam.ListAttachedRolePoliciesAsync(Root, new ListAttachedRolePoliciesRequest("Nope")), "NoSuchEntity", 404, "Nope");
    }

    [Test]
    public async Task GetEffectivePolicies_Role_ReturnsInlineThenAttachedDefaultVersionsAndBoundary()
    {
        var attached = await CreatePolicy("Attached");
        Ok(await Iam.CreatePolicyVersionAsync(Root, new CreatePolicyVersionRequest(attached.Arn, S3WritePolicy, SetAsDefault: true)));
        var boundary = await CreatePolicy("Boundary");
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, PermissionsBoundary: boundary.Arn)));
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("R", "inline", S3ReadPolicy)));
        Ok(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("R", attached.Arn)));

        var effective = await Iam.GetEffectivePoliciesAsync(IamPrincipal.AssumedRole(Account, "R", "session"));

        effective!.IdentityPolicies.Should().Equal(new EffectivePolicy("inline", S3ReadPolicy), new EffectivePolicy(attached.Arn, S3WritePolicy));
        effective.PermissionsBoundary.Should().Be(new EffectivePolicy(boundary.Arn, S3ReadPolicy));
        (await Iam.GetEffectivePoliciesAsync(Root)).Should().BeNull();
    }
}
