using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores.InMemory;

namespace Sts.Core.Tests.Iam;

/// <summary>
/// Role tags holding one key several times: Ceph's tag multimap under <see cref="CephCompatibility.MultiValuedSessionTags"/>
/// (the service of this fixture), refused with <c>InvalidInput</c> under AWS's rules (a second service with default
/// options, in the tests named <c>AwsMode</c>).
/// </summary>
public class IamServiceMultiValuedRoleTagTests : IamServiceTestBase
{
    private static readonly IamTag[] TwoDepartments = [new IamTag("Department", "Engineering"), new IamTag("Department", "Marketing")];

    protected override IamServiceOptions Options => new() { CephCompatibility = CephCompatibility.MultiValuedSessionTags };

    private IamService AwsIam => new(new InMemoryIamStore(), new IamServiceOptions(), Time);

    [Test]
    public async Task CreateRole_RepeatedKey_AwsMode_ReturnsInvalidInput()
    {
        Fails(await AwsIam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: TwoDepartments)), "InvalidInput", 400, "Duplicate tag keys found.");
    }

    [Test]
    public async Task TagRole_RepeatedKeyInOneRequest_AwsMode_ReturnsInvalidInput()
    {
        var iam = AwsIam;
        Ok(await iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));

        Fails(await iam.TagRoleAsync(Root, new TagRoleRequest("R", TwoDepartments)), "InvalidInput", 400, "Duplicate tag keys found.");
    }

    [Test]
    public async Task TagRole_ExistingKey_AwsMode_ReplacesTheValue()
    {
        var iam = AwsIam;
        Ok(await iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("Department", "Engineering")])));

        Ok(await iam.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("Department", "Marketing")])));

        Ok(await iam.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R"))).Items.Should().Equal(new IamTag("Department", "Marketing"));
    }

    [Test]
    public async Task CreateRole_RepeatedKey_CephMode_KeepsEveryValue()
    {
        var role = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: TwoDepartments)));

        role.Tags.Should().Equal(TwoDepartments);
        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R"))).Tags.Should().Equal(TwoDepartments);
    }

    [Test]
    public async Task CreateRole_SamePairTwice_CephMode_KeepsItOnce()
    {
        var role = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("Department", "Engineering"), new IamTag("department", "Engineering")])));

        role.Tags.Should().Equal(new IamTag("Department", "Engineering"));
    }

    [Test]
    public async Task TagRole_ExistingKey_CephMode_AddsTheValueBesideTheOthers()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("Department", "Engineering")])));

        Ok(await Iam.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("Department", "Marketing"), new IamTag("Department", "Engineering")])));

        Ok(await Iam.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R"))).Items.Should().Equal(TwoDepartments);
    }

    [Test]
    public async Task TagRole_CephMode_ReservedAwsPrefixIsStillRefused()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));

        Fails(await Iam.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("aws:team", "a"), new IamTag("aws:team", "b")])), "InvalidInput", 400, "reserved prefix 'aws:'");
    }

    [Test]
    public async Task TagRole_BeyondFiftyPairs_CephMode_ReturnsLimitExceeded()
    {
        var values = Enumerable.Range(0, 50).Select(i => new IamTag("k", $"v{i}")).ToList();
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: values)));

        Fails(await Iam.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("k", "v50")])), "LimitExceeded", 409, "Cannot exceed quota for TagsPerRole: 50");
    }

    [Test]
    public async Task UntagRole_RepeatedKey_CephMode_RemovesEveryValue()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [.. TwoDepartments, new IamTag("env", "prod")])));

        Ok(await Iam.UntagRoleAsync(Root, new UntagRoleRequest("R", ["department"])));

        Ok(await Iam.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R"))).Items.Should().Equal(new IamTag("env", "prod"));
    }

    [Test]
    public async Task ListRoleTags_RepeatedKeyAcrossPages_CephMode_ListsEveryValueOnce()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, Tags: [new IamTag("env", "prod"), .. TwoDepartments])));

        var listed = new List<IamTag>();
        string? marker = null;
        do
        {
            var page = Ok(await Iam.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R", marker, MaxItems: 1)));
            listed.AddRange(page.Items);
            marker = page.IsTruncated ? page.Marker : null;
        }
        while (marker is not null);

        listed.Should().Equal(new IamTag("Department", "Engineering"), new IamTag("Department", "Marketing"), new IamTag("env", "prod"));
    }
}
