using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;

namespace Sts.Core.Tests.Iam;

public sealed class IamServiceRoleTests : IamServiceTestBase
{
    private ValueTask<StsResult<IamRole>> CreateRole(string name = "S3Access", string? path = null, int? maxSessionDuration = null, string trust = TrustPolicy) =>
        Iam.CreateRoleAsync(Root, new CreateRoleRequest(name, trust, path, "a role", maxSessionDuration));

    [Test]
    public async Task CreateRole_Valid_ReturnsRoleWithAwsShapedIdsArnAndDefaults()
    {
        var role = Ok(await CreateRole(path: "/app/"));

        role.RoleName.Should().Be("S3Access");
        role.Path.Should().Be("/app/");
        role.Arn.Should().Be("arn:aws:iam::123456789012:role/app/S3Access");
        role.RoleId.Should().MatchRegex("^AROA[A-Z2-7]{17}$");
        role.MaxSessionDuration.Should().Be(3600);
        role.CreateDate.Should().Be(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        role.AssumeRolePolicyDocument.Should().Be(TrustPolicy);
        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("s3access"))).Should().BeEquivalentTo(role);
    }

    [Test]
    public async Task CreateRole_InDefaultAccount_HasEmptyAccountFieldInArn()
    {
        var root = IamPrincipal.Root(AccountId.Default);

        var role = Ok(await Iam.CreateRoleAsync(root, new CreateRoleRequest("S3Access", TrustPolicy)));

        role.Arn.Should().Be("arn:aws:iam:::role/S3Access");
    }

    [Test]
    public async Task CreateRole_InCephTenant_UsesTenantAsAccountField()
    {
        var role = Ok(await Iam.CreateRoleAsync(IamPrincipal.Root(AccountId.Parse("tenant1")), new CreateRoleRequest("R", TrustPolicy)));

        role.Arn.Should().Be("arn:aws:iam::tenant1:role/R");
    }

    [Test]
    public async Task CreateRole_SameNameDifferentCase_ReturnsEntityAlreadyExists()
    {
        Ok(await CreateRole("S3Access"));

        Fails(await CreateRole("s3access", path: "/other/"), "EntityAlreadyExists", 409, "Role with name s3access already exists.");
    }

    [Test]
    public async Task CreateRole_SameNameInAnotherAccount_Succeeds()
    {
        Ok(await CreateRole("S3Access"));

        Ok(await Iam.CreateRoleAsync(IamPrincipal.Root(AccountId.Parse("210987654321")), new CreateRoleRequest("S3Access", TrustPolicy)));
    }

    [TestCase("bad/name", "Value 'bad/name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")]
    [TestCase("", "Value '' at 'roleName' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [TestCase("r\u00e9le", "at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    public async Task CreateRole_InvalidName_ReturnsValidationError(string name, string message)
    {
        var error = Fails(await CreateRole(name), "ValidationError", 400, message);

        error.Message.Should().StartWith("1 validation error detected: ");
    }

    [Test]
    public async Task CreateRole_NameOf65Characters_ReturnsValidationErrorForLength()
    {
        Fails(await CreateRole(new string('a', 65)), "ValidationError", 400, "at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64");
    }

    [Test]
    public async Task CreateRole_SeveralInvalidParameters_ReportsEveryViolation()
    {
        var result = await Iam.CreateRoleAsync(Root, new CreateRoleRequest("a b", TrustPolicy, "nopath", null, 100));

        var error = Fails(result, "ValidationError", 400, "3 validation errors detected: ");
        error.Message.Should().Contain("at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
        error.Message.Should().Contain("Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    }

    [TestCase(3599, "greater than or equal to 3600")]
    [TestCase(43201, "less than or equal to 43200")]
    public async Task CreateRole_MaxSessionDurationOutOfRange_ReturnsValidationError(int seconds, string message)
    {
        Fails(await CreateRole(maxSessionDuration: seconds), "ValidationError", 400, message);
    }

    [Test]
    public async Task CreateRole_NullTrustPolicy_ReturnsValidationErrorMustNotBeNull()
    {
        Fails(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", null!)), "ValidationError", 400, "Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null");
    }

    [Test]
    public async Task CreateRole_TrustPolicyNotJson_ReturnsMalformedPolicyDocument()
    {
        Fails(await CreateRole(trust: "{not json"), "MalformedPolicyDocument", 400, "Syntax errors in policy.");
    }

    [Test]
    public async Task CreateRole_TrustPolicyWithResource_ReturnsMalformedPolicyDocument()
    {
        const string withResource = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}""";

        Fails(await CreateRole(trust: withResource), "MalformedPolicyDocument", 400, "Has prohibited field Resource.");
    }

    [Test]
    public async Task CreateRole_TrustPolicyOver2048NonWhitespaceCharacters_ReturnsLimitExceeded()
    {
        var principals = string.Join(",", Enumerable.Range(0, 60).Select(i => $"\"arn:aws:iam::1234567890{i:D2}:root\""));
        var big = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[{{principals}}]},"Action":"sts:AssumeRole"}]}""";

        Fails(await CreateRole(trust: big), "LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048");
        Fails(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access")), "NoSuchEntity", 404, "S3Access");
    }

    [Test]
    public async Task CreateRole_WithTags_StoresThem()
    {
        var role = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("team", "storage"), new IamTag("env", "")])));

        role.Tags.Should().Equal(new IamTag("team", "storage"), new IamTag("env", ""));
    }

    [Test]
    public async Task CreateRole_DuplicateTagKeysDifferingInCase_ReturnsInvalidInput()
    {
        Fails(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("Team", "a"), new IamTag("team", "b")])), "InvalidInput", 400, "Duplicate tag keys found.");
    }

    [Test]
    public async Task CreateRole_51Tags_ReturnsValidationErrorNotTruncation()
    {
        var tags = Enumerable.Range(0, 51).Select(i => new IamTag($"k{i}", "v")).ToList();

        Fails(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: tags)), "ValidationError", 400, "Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    }

    [Test]
    public async Task CreateRole_TagValueOf257Characters_ReturnsValidationError()
    {
        Fails(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("k", new string('v', 257))])), "ValidationError", 400, "at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256");
    }

    [Test]
    public async Task CreateRole_WithUnknownPermissionsBoundary_ReturnsNoSuchEntity()
    {
        Fails(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, PermissionsBoundary: "arn:aws:iam::123456789012:policy/Nope")), "NoSuchEntity", 404, "Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable.");
    }

    [Test]
    public async Task GetRole_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.GetRoleAsync(Root, new GetRoleRequest("Nope")), "NoSuchEntity", 404, "The role with name Nope cannot be found.");
    }

    [Test]
    public async Task ListRoles_PathPrefixAndPagination_ReturnsEveryMatchingRoleOnceInCaseInsensitiveOrder()
    {
        foreach (var (name, path) in new[] { ("b", "/x/"), ("A", "/x/"), ("c", "/y/"), ("D", "/x/y/"), ("e", "/") })
        {
            Ok(await CreateRole(name, path));
        }

        var page1 = Ok(await Iam.ListRolesAsync(Root, new ListRolesRequest("/x/", null, 2)));
        page1.Items.Select(r => r.RoleName).Should().Equal("A", "b");
        page1.IsTruncated.Should().BeTrue();
        var page2 = Ok(await Iam.ListRolesAsync(Root, new ListRolesRequest("/x/", page1.Marker, 2)));
        page2.Items.Select(r => r.RoleName).Should().Equal("D");
        page2.IsTruncated.Should().BeFalse();
        page2.Marker.Should().BeNull();
        Ok(await Iam.ListRolesAsync(Root, new ListRolesRequest())).Items.Should().HaveCount(5);
    }

    [Test]
    public async Task ListRoles_MatchesSpreadOverSeveralStoreBatches_PagesWithoutLossOrRepeat()
    {
        for (var i = 0; i < 2100; i++)
        {
            Ok(await CreateRole($"role{i:D4}", i % 300 == 0 ? "/rare/" : "/common/"));
        }

        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = Ok(await Iam.ListRolesAsync(Root, new ListRolesRequest("/rare/", marker, 3)));
            seen.AddRange(page.Items.Select(r => r.RoleName));
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (marker is not null);

        seen.Should().Equal(Enumerable.Range(0, 7).Select(i => $"role{i * 300:D4}"));
    }

    [TestCase(0, "greater than or equal to 1")]
    [TestCase(1001, "less than or equal to 1000")]
    public async Task ListRoles_MaxItemsOutOfRange_ReturnsValidationError(int maxItems, string message)
    {
        Fails(await Iam.ListRolesAsync(Root, new ListRolesRequest(MaxItems: maxItems)), "ValidationError", 400, $"at 'maxItems' failed to satisfy constraint: Member must have value {message}");
    }

    [Test]
    public async Task ListRoles_BadPathPrefix_ReturnsValidationError()
    {
        Fails(await Iam.ListRolesAsync(Root, new ListRolesRequest("x")), "ValidationError", 400, "at 'pathPrefix' failed to satisfy constraint");
    }

    [Test]
    public async Task UpdateRole_WithoutMaxSessionDuration_KeepsOldValue()
    {
        Ok(await CreateRole(maxSessionDuration: 7200));

        Ok(await Iam.UpdateRoleAsync(Root, new UpdateRoleRequest("S3Access", "new description")));

        var role = Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access")));
        role.MaxSessionDuration.Should().Be(7200);
        role.Description.Should().Be("new description");
    }

    [Test]
    public async Task UpdateRole_WithMaxSessionDuration_ChangesIt()
    {
        Ok(await CreateRole());

        Ok(await Iam.UpdateRoleAsync(Root, new UpdateRoleRequest("S3Access", MaxSessionDuration: 43200)));

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access"))).MaxSessionDuration.Should().Be(43200);
    }

    [Test]
    public async Task UpdateRole_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.UpdateRoleAsync(Root, new UpdateRoleRequest("Nope", "d")), "NoSuchEntity", 404, "Nope");
    }

    [Test]
    public async Task UpdateRoleDescription_Valid_ReturnsUpdatedRole()
    {
        Ok(await CreateRole());

        Ok(await Iam.UpdateRoleDescriptionAsync(Root, new UpdateRoleDescriptionRequest("S3Access", "changed"))).Description.Should().Be("changed");
    }

    [Test]
    public async Task UpdateRoleDescription_TooLong_ReturnsValidationError()
    {
        Fails(await Iam.UpdateRoleDescriptionAsync(Root, new UpdateRoleDescriptionRequest("S3Access", new string('d', 1001))), "ValidationError", 400, "at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000");
    }

    [Test]
    public async Task UpdateAssumeRolePolicy_ValidTrust_ReplacesIt()
    {
        Ok(await CreateRole());

        Ok(await Iam.UpdateAssumeRolePolicyAsync(Root, new UpdateAssumeRolePolicyRequest("S3Access", OtherTrustPolicy)));

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access"))).AssumeRolePolicyDocument.Should().Be(OtherTrustPolicy);
    }

    [Test]
    public async Task UpdateAssumeRolePolicy_IdentityPolicyInsteadOfTrust_ReturnsMalformedPolicyDocumentAndKeepsOld()
    {
        Ok(await CreateRole());

        Fails(await Iam.UpdateAssumeRolePolicyAsync(Root, new UpdateAssumeRolePolicyRequest("S3Access", S3ReadPolicy)), "MalformedPolicyDocument", 400, "Has prohibited field Resource.");

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access"))).AssumeRolePolicyDocument.Should().Be(TrustPolicy);
    }

    [Test]
    public async Task UpdateAssumeRolePolicy_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.UpdateAssumeRolePolicyAsync(Root, new UpdateAssumeRolePolicyRequest("Nope", TrustPolicy)), "NoSuchEntity", 404, "Nope");
    }

    [Test]
    public async Task DeleteRole_WithInlinePolicy_ReturnsDeleteConflictUntilPolicyDeleted()
    {
        Ok(await CreateRole());
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "read", S3ReadPolicy)));

        Fails(await Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("S3Access")), "DeleteConflict", 409, "must delete policies first");

        Ok(await Iam.DeleteRolePolicyAsync(Root, new DeleteRolePolicyRequest("S3Access", "read")));
        Ok(await Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("S3Access")));
        Fails(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access")), "NoSuchEntity", 404, "S3Access");
    }

    [Test]
    public async Task DeleteRole_WithAttachedPolicy_ReturnsDeleteConflict()
    {
        Ok(await CreateRole());
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("Read", S3ReadPolicy)));
        Ok(await Iam.AttachRolePolicyAsync(Root, new AttachRolePolicyRequest("S3Access", policy.Arn)));

        Fails(await Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("S3Access")), "DeleteConflict", 409, "must detach all policies first");
    }

    [Test]
    public async Task DeleteRole_Missing_ReturnsNoSuchEntity()
    {
        Fails(await Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("Nope")), "NoSuchEntity", 404, "The role with name Nope cannot be found.");
    }

    [Test]
    public async Task PutRolePolicy_ThenGetAndList_ReturnsDocumentAndNames()
    {
        Ok(await CreateRole());

        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "write", S3WritePolicy)));
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "Read", S3ReadPolicy)));

        Ok(await Iam.GetRolePolicyAsync(Root, new GetRolePolicyRequest("S3Access", "read"))).Should().Be(new InlinePolicy("S3Access", "Read", S3ReadPolicy));
        Ok(await Iam.ListRolePoliciesAsync(Root, new ListRolePoliciesRequest("S3Access"))).Items.Should().Equal("Read", "write");
    }

    [Test]
    public async Task PutRolePolicy_SameName_OverwritesDocument()
    {
        Ok(await CreateRole());
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "p", S3ReadPolicy)));

        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "p", S3WritePolicy)));

        Ok(await Iam.GetRolePolicyAsync(Root, new GetRolePolicyRequest("S3Access", "p"))).PolicyDocument.Should().Be(S3WritePolicy);
        Ok(await Iam.ListRolePoliciesAsync(Root, new ListRolePoliciesRequest("S3Access"))).Items.Should().Equal("p");
    }

    [Test]
    public async Task PutRolePolicy_TrustPolicyAsIdentityPolicy_ReturnsMalformedPolicyDocument()
    {
        Ok(await CreateRole());

        Fails(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "p", TrustPolicy)), "MalformedPolicyDocument", 400, "Policy statement must contain resources.");
    }

    [Test]
    public async Task PutRolePolicy_AggregateOver10240_ReturnsLimitExceeded()
    {
        Ok(await CreateRole());
        var resources = string.Join(",", Enumerable.Range(0, 120).Select(i => $"\"arn:aws:s3:::bucket-number-{i:D4}/*\""));
        var big = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[{{resources}}]}]}""";
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "one", big)));
        Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "two", big)));

        Fails(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "three", big)), "LimitExceeded", 409, "Maximum policy size of 10240 bytes exceeded for role S3Access");
    }

    [Test]
    public async Task PutRolePolicy_MissingRole_ReturnsNoSuchEntity()
    {
        Fails(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("Nope", "p", S3ReadPolicy)), "NoSuchEntity", 404, "Nope");
    }

    [Test]
    public async Task PutRolePolicy_BadPolicyName_ReturnsValidationError()
    {
        Fails(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "a:b", S3ReadPolicy)), "ValidationError", 400, "Value 'a:b' at 'policyName' failed to satisfy constraint");
    }

    [Test]
    public async Task PutRolePolicy_DocumentWithCharacterAbove00FF_ReturnsValidationError()
    {
        Fails(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", "p", "{\"x\":\"\u0100\"}")), "ValidationError", 400, "at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    }

    [Test]
    public async Task GetRolePolicy_Missing_ReturnsNoSuchEntity()
    {
        Ok(await CreateRole());

        Fails(await Iam.GetRolePolicyAsync(Root, new GetRolePolicyRequest("S3Access", "nope")), "NoSuchEntity", 404, "The role policy with name nope cannot be found.");
    }

    [Test]
    public async Task DeleteRolePolicy_Missing_ReturnsNoSuchEntity()
    {
        Ok(await CreateRole());

        Fails(await Iam.DeleteRolePolicyAsync(Root, new DeleteRolePolicyRequest("S3Access", "nope")), "NoSuchEntity", 404, "The role policy with name nope cannot be found.");
    }

    [Test]
    public async Task ListRolePolicies_Paginated_ReturnsAllNamesOnce()
    {
        Ok(await CreateRole());
        foreach (var name in new[] { "c", "a", "b" })
        {
            Ok(await Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("S3Access", name, S3ReadPolicy)));
        }

        var first = Ok(await Iam.ListRolePoliciesAsync(Root, new ListRolePoliciesRequest("S3Access", null, 2)));
        var second = Ok(await Iam.ListRolePoliciesAsync(Root, new ListRolePoliciesRequest("S3Access", first.Marker, 2)));

        first.Items.Should().Equal("a", "b");
        first.IsTruncated.Should().BeTrue();
        second.Items.Should().Equal("c");
        second.IsTruncated.Should().BeFalse();
    }

    [Test]
    public async Task TagRole_ExistingKeyInOtherCase_ReplacesValue()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("Team", "a"), new IamTag("env", "prod")])));

        Ok(await Iam.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("team", "b")])));

        Ok(await Iam.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R"))).Items.Should().Equal(new IamTag("env", "prod"), new IamTag("team", "b"));
    }

    [Test]
    public async Task TagRole_BeyondFiftyTags_ReturnsLimitExceededAndChangesNothing()
    {
        var tags = Enumerable.Range(0, 50).Select(i => new IamTag($"k{i}", "v")).ToList();
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: tags)));

        Fails(await Iam.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("k0", "replaced"), new IamTag("extra", "v")])), "LimitExceeded", 409, "Cannot exceed quota for TagsPerRole: 50");

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R"))).Tags.Should().Equal(tags);
    }

    [Test]
    public async Task TagRole_ReservedAwsPrefix_ReturnsInvalidInput()
    {
        Ok(await CreateRole());

        Fails(await Iam.TagRoleAsync(Root, new TagRoleRequest("S3Access", [new IamTag("aws:x", "v")])), "InvalidInput", 400, "reserved prefix 'aws:'");
    }

    [Test]
    public async Task TagRole_KeyWithForbiddenCharacter_ReturnsValidationError()
    {
        Ok(await CreateRole());

        Fails(await Iam.TagRoleAsync(Root, new TagRoleRequest("S3Access", [new IamTag("a*b", "v")])), "ValidationError", 400, "Value 'a*b' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    }

    [Test]
    public async Task TagRole_MissingRole_ReturnsNoSuchEntity()
    {
        Fails(await Iam.TagRoleAsync(Root, new TagRoleRequest("Nope", [new IamTag("a", "b")])), "NoSuchEntity", 404, "Nope");
    }

    [Test]
    public async Task UntagRole_KeysInOtherCase_RemovesThemAndIgnoresAbsentKeys()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("Team", "a"), new IamTag("env", "prod")])));

        Ok(await Iam.UntagRoleAsync(Root, new UntagRoleRequest("R", ["TEAM", "absent"])));

        Ok(await Iam.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R"))).Items.Should().Equal(new IamTag("env", "prod"));
    }

    [Test]
    public async Task ListRoleTags_MissingRole_ReturnsNoSuchEntity()
    {
        Fails(await Iam.ListRoleTagsAsync(Root, new ListRoleTagsRequest("Nope")), "NoSuchEntity", 404, "Nope");
    }

    [Test]
    public async Task PutRolePermissionsBoundary_ExistingPolicy_SetsBoundaryAndCountsUsage()
    {
        Ok(await CreateRole());
        var policy = Ok(await Iam.CreatePolicyAsync(Root, new CreatePolicyRequest("Boundary", S3ReadPolicy)));

        Ok(await Iam.PutRolePermissionsBoundaryAsync(Root, new PutRolePermissionsBoundaryRequest("S3Access", policy.Arn)));

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access"))).PermissionsBoundaryArn.Should().Be(policy.Arn);
        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn))).PermissionsBoundaryUsageCount.Should().Be(1);
        Fails(await Iam.DeletePolicyAsync(Root, new DeletePolicyRequest(policy.Arn)), "DeleteConflict", 409, "Cannot delete a policy attached to entities.");

        Ok(await Iam.DeleteRolePermissionsBoundaryAsync(Root, new DeleteRolePermissionsBoundaryRequest("S3Access")));

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("S3Access"))).PermissionsBoundaryArn.Should().BeNull();
        Ok(await Iam.GetPolicyAsync(Root, new GetPolicyRequest(policy.Arn))).PermissionsBoundaryUsageCount.Should().Be(0);
        Ok(await Iam.DeletePolicyAsync(Root, new DeletePolicyRequest(policy.Arn)));
    }

    [Test]
    public async Task PutRolePermissionsBoundary_UnknownPolicy_ReturnsNoSuchEntity()
    {
        Ok(await CreateRole());

        Fails(await Iam.PutRolePermissionsBoundaryAsync(Root, new PutRolePermissionsBoundaryRequest("S3Access", "arn:aws:iam::123456789012:policy/Nope")), "NoSuchEntity", 404, "does not exist or is not attachable");
    }

    [Test]
    public async Task PutRolePermissionsBoundary_NotAPolicyArn_ReturnsInvalidInput()
    {
        Ok(await CreateRole());

        Fails(await Iam.PutRolePermissionsBoundaryAsync(Root, new PutRolePermissionsBoundaryRequest("S3Access", "arn:aws:iam::123456789012:role/X")), "InvalidInput", 400, "ARN arn:aws:iam::123456789012:role/X is not valid.");
    }

    [Test]
    public async Task DeleteRolePermissionsBoundary_MissingRole_ReturnsNoSuchEntity()
    {
        Fails(await Iam.DeleteRolePermissionsBoundaryAsync(Root, new DeleteRolePermissionsBoundaryRequest("Nope")), "NoSuchEntity", 404, "Nope");
    }
}
