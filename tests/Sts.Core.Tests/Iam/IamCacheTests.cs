using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;

namespace Sts.Core.Tests.Iam;

public sealed class IamCacheTests : IamServiceTestBase
{
    [Test]
    public async Task GetRoleByArn_AfterUpdateThroughService_SeesNewValueAtOnce()
    {
        var role = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, "/p/")));
        (await Iam.GetRoleByArnAsync(role.Arn))!.MaxSessionDuration.Should().Be(3600);

        Ok(await Iam.UpdateRoleAsync(Root, new UpdateRoleRequest("R", MaxSessionDuration: 7200)));

        (await Iam.GetRoleByArnAsync(role.Arn))!.MaxSessionDuration.Should().Be(7200);
        Iam.Repository.TryGetCached<RoleEntry>(IamKeys.Role(Account, "R"), out _).Should().BeTrue();
    }

    [Test]
    public async Task GetRoleByArn_AfterDeleteThroughService_ReturnsNull()
    {
        var role = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        (await Iam.GetRoleByArnAsync(role.Arn)).Should().NotBeNull();

        Ok(await Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("R")));

        (await Iam.GetRoleByArnAsync(role.Arn)).Should().BeNull();
    }

    [Test]
    public async Task GetRoleByArn_WrongPathOrMalformedArn_ReturnsNull()
    {
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, "/p/")));

        (await Iam.GetRoleByArnAsync("arn:aws:iam::123456789012:role/R")).Should().BeNull();
        (await Iam.GetRoleByArnAsync("arn:aws:iam::123456789012:role/p/r")).Should().NotBeNull();
        (await Iam.GetRoleByArnAsync("arn:aws:iam::123456789012:user/p/R")).Should().BeNull();
        (await Iam.GetRoleByArnAsync("not an arn")).Should().BeNull();
    }

    [Test]
    public async Task GetRoleByArn_RoleRecreatedWithOtherPath_OldArnNoLongerResolves()
    {
        var old = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, "/a/")));
        (await Iam.GetRoleByArnAsync(old.Arn)).Should().NotBeNull();
        Ok(await Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("R")));

        var recreated = Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy, "/b/")));

        (await Iam.GetRoleByArnAsync(old.Arn)).Should().BeNull();
        (await Iam.GetRoleByArnAsync(recreated.Arn))!.RoleId.Should().Be(recreated.RoleId);
    }

    [Test]
    public async Task GetRole_WriteByAnotherNode_IsSeenAfterTheCacheLifetime()
    {
        var other = new IamService(Store, new IamServiceOptions(), Time);
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R")));

        Ok(await other.UpdateRoleDescriptionAsync(Root, new UpdateRoleDescriptionRequest("R", "changed elsewhere")));

        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R"))).Description.Should().BeNull("this node's entry is still fresh");
        Time.Advance(TimeSpan.FromSeconds(11));
        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R"))).Description.Should().Be("changed elsewhere");
    }

    [Test]
    public async Task UpdateRole_WhenAnotherNodeWroteFirst_RetriesOnFreshStateAndLosesNothing()
    {
        var other = new IamService(Store, new IamServiceOptions(), Time);
        Ok(await Iam.CreateRoleAsync(Root, new CreateRoleRequest("R", TrustPolicy)));
        Ok(await Iam.GetRoleAsync(Root, new GetRoleRequest("R")));
        Ok(await other.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("a", "1")])));

        // This node's cached copy is stale: the write is refused by the store, the cache entry dropped, and the retry re-reads.
        Ok(await Iam.TagRoleAsync(Root, new TagRoleRequest("R", [new IamTag("b", "2")])));

        Ok(await other.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R"))).Items.Should().HaveCount(1, "the other node still trusts its own fresh entry");
        Time.Advance(TimeSpan.FromSeconds(11));
        Ok(await other.ListRoleTagsAsync(Root, new ListRoleTagsRequest("R"))).Items.Should().Equal(new IamTag("a", "1"), new IamTag("b", "2"));
    }

    [Test]
    public async Task Cache_StaleReaderFill_NeverOverwritesANewerWrite()
    {
        var store = new SlowReadStore();
        var cache = new IamStoreCache(store, Time, null);
        await cache.WriteAsync([StoreWrite.Create("k", "v1")], CancellationToken.None);
        cache.Clear();

        store.HoldReads = true;
        var reader = cache.GetAsync("k", CancellationToken.None).AsTask();
        await store.ReadStarted.Task;
        await cache.WriteAsync([StoreWrite.Update("k", 1, "v2")], CancellationToken.None);
        store.Release.SetResult();
        var staleRead = await reader;

        staleRead.Record!.Value.Should().Be("v2", "the reader's stale v1 lost to the write-through entry");
        cache.TryGetFresh("k")!.Record!.Value.Should().Be("v2");
    }

    private sealed class SlowReadStore : IIamStore
    {
        private readonly Sts.Core.Stores.InMemory.InMemoryIamStore _inner = new();

        public bool HoldReads { get; set; }

        public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<StoreRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            var record = await _inner.GetAsync(key, cancellationToken);
            if (HoldReads)
            {
                ReadStarted.TrySetResult();
                await Release.Task;
            }

            return record;
        }

        public ValueTask<StsResult<IReadOnlyList<long>>> WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken = default) => _inner.WriteAsync(writes, cancellationToken);

        public ValueTask<StorePage> ListAsync(string prefix, string? afterKey, int maxItems, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, afterKey, maxItems, cancellationToken);
    }
}
