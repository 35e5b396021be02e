using Sts.Core.Accounts;
using Sts.Core.Iam;
using Sts.Core.Iam.Requests;
using Sts.Core.Stores;

namespace Sts.Core.Tests.Stores;

/// <summary>
/// The behaviour every <see cref="IIamStore"/> must have. Store-agnostic: a new store adds a subclass that
/// creates a fresh, empty store per test. Shared: tests/Sts.Stores.PostgreSql.Tests compiles this same file (a linked
/// source) and runs it on PostgreSQL, so the in-memory, SQLite and PostgreSQL stores cannot drift apart.
/// </summary>
public abstract class IamStoreContractTests
{
    protected IIamStore Store { get; private set; } = null!;

    protected abstract IIamStore CreateStore();

    protected virtual void DestroyStore(IIamStore store)
    {
    }

    [SetUp]
    public void CreateFreshStore() => Store = CreateStore();

    [TearDown]
    public void DestroyFreshStore() => DestroyStore(Store);

    [Test]
    public async Task Get_MissingKey_ReturnsNull()
    {
        (await Store.GetAsync("a/x")).Should().BeNull();
    }

    [Test]
    public async Task Write_Create_StoresVersionOne()
    {
        var result = await Store.WriteAsync([StoreWrite.Create("a/role/r1", "{\"n\":1}")]);

        result.IsSuccess.Should().BeTrue();
        result.Value.Should().Equal(1L);
        var record = await Store.GetAsync("a/role/r1");
        record.Should().Be(new StoreRecord("a/role/r1", 1, "{\"n\":1}"));
    }

    [Test]
    public async Task Write_CreateExisting_ReturnsConcurrentModification()
    {
        await Store.WriteAsync([StoreWrite.Create("k", "v1")]);

        var result = await Store.WriteAsync([StoreWrite.Create("k", "v2")]);

        result.Error!.Code.Should().Be("ConcurrentModification");
        result.Error.HttpStatus.Should().Be(409);
        (await Store.GetAsync("k"))!.Value.Should().Be("v1");
    }

    [Test]
    public async Task Write_UpdateWithCurrentVersion_IncrementsVersion()
    {
        await Store.WriteAsync([StoreWrite.Create("k", "v1")]);

        var result = await Store.WriteAsync([StoreWrite.Update("k", 1, "v2")]);

        result.Value.Should().Equal(2L);
        (await Store.GetAsync("k")).Should().Be(new StoreRecord("k", 2, "v2"));
    }

    [Test]
    public async Task Write_UpdateWithStaleVersion_ReturnsConcurrentModificationAndKeepsValue()
    {
        await Store.WriteAsync([StoreWrite.Create("k", "v1")]);
        await Store.WriteAsync([StoreWrite.Update("k", 1, "v2")]);

        var result = await Store.WriteAsync([StoreWrite.Update("k", 1, "v3")]);

        result.Error!.Code.Should().Be("ConcurrentModification");
        result.Error.Message.Should().Contain("'k'");
        (await Store.GetAsync("k")).Should().Be(new StoreRecord("k", 2, "v2"));
    }

    [Test]
    public async Task Write_UpdateMissing_ReturnsConcurrentModification()
    {
        var result = await Store.WriteAsync([StoreWrite.Update("k", 1, "v")]);

        result.Error!.Code.Should().Be("ConcurrentModification");
        (await Store.GetAsync("k")).Should().BeNull();
    }

    [Test]
    public async Task Write_DeleteWithCurrentVersion_RemovesRecord()
    {
        await Store.WriteAsync([StoreWrite.Create("k", "v1")]);

        var result = await Store.WriteAsync([StoreWrite.Delete("k", 1)]);

        result.Value.Should().Equal(0L);
        (await Store.GetAsync("k")).Should().BeNull();
        (await Store.ListAsync("k", null, 10)).Records.Should().BeEmpty();
    }

    [Test]
    public async Task Write_DeleteWithStaleVersion_ReturnsConcurrentModificationAndKeepsRecord()
    {
        await Store.WriteAsync([StoreWrite.Create("k", "v1")]);
        await Store.WriteAsync([StoreWrite.Update("k", 1, "v2")]);

        var result = await Store.WriteAsync([StoreWrite.Delete("k", 1)]);

        result.Error!.Code.Should().Be("ConcurrentModification");
        (await Store.GetAsync("k"))!.Version.Should().Be(2);
    }

    [Test]
    public async Task Write_RecreateAfterDelete_StartsAtVersionOne()
    {
        await Store.WriteAsync([StoreWrite.Create("k", "v1")]);
        await Store.WriteAsync([StoreWrite.Delete("k", 1)]);

        var result = await Store.WriteAsync([StoreWrite.Create("k", "again")]);

        result.Value.Should().Equal(1L);
    }

    [Test]
    public async Task Write_BatchWithOneStaleWrite_AppliesNothing()
    {
        await Store.WriteAsync([StoreWrite.Create("a", "a1"), StoreWrite.Create("b", "b1")]);

        var result = await Store.WriteAsync(
        [
            StoreWrite.Update("a", 1, "a2"),
            StoreWrite.Create("c", "c1"),
            StoreWrite.Delete("b", 7),
        ]);

        result.Error!.Code.Should().Be("ConcurrentModification");
        (await Store.GetAsync("a")).Should().Be(new StoreRecord("a", 1, "a1"));
        (await Store.GetAsync("b")).Should().Be(new StoreRecord("b", 1, "b1"));
        (await Store.GetAsync("c")).Should().BeNull();
    }

    [Test]
    public async Task Write_BatchOfCreateUpdateDelete_AppliesAll()
    {
        await Store.WriteAsync([StoreWrite.Create("a", "a1"), StoreWrite.Create("b", "b1")]);

        var result = await Store.WriteAsync([StoreWrite.Update("a", 1, "a2"), StoreWrite.Create("c", "c1"), StoreWrite.Delete("b", 1)]);

        result.Value.Should().Equal(2L, 1L, 0L);
        (await Store.ListAsync(string.Empty, null, 10)).Records.Select(r => (r.Key, r.Version, r.Value))
            .Should().Equal(("a", 2L, "a2"), ("c", 1L, "c1"));
    }

    [Test]
    public void Write_SameKeyTwiceInBatch_Throws()
    {
        var act = async () => await Store.WriteAsync([StoreWrite.Create("a", "1"), StoreWrite.Create("a", "2")]);

        act.Should().ThrowAsync<ArgumentException>().Wait();
    }

    [Test]
    public async Task Write_Secret_RoundTripsAndSurvivesUpdate()
    {
        await Store.WriteAsync([StoreWrite.Create("k/AKIA1", "{}", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]);

        (await Store.GetAsync("k/AKIA1"))!.Secret.Should().Be("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        await Store.WriteAsync([StoreWrite.Update("k/AKIA1", 1, "{\"s\":1}", "second")]);
        (await Store.GetAsync("k/AKIA1"))!.Secret.Should().Be("second");
        (await Store.ListAsync("k/", null, 5)).Records.Single().Secret.Should().Be("second");
    }

    [Test]
    public async Task List_ByPrefix_ReturnsOnlyPrefixedKeysInOrdinalOrder()
    {
        foreach (var key in new[] { "a/1/role/b", "a/1/role/a", "a/1/rolex", "a/1/user/a", "a/10/role/a", "a/1/role/c" })
        {
            await Store.WriteAsync([StoreWrite.Create(key, key)]);
        }

        var page = await Store.ListAsync("a/1/role/", null, 100);

        page.Records.Select(r => r.Key).Should().Equal("a/1/role/a", "a/1/role/b", "a/1/role/c");
        page.IsTruncated.Should().BeFalse();
    }

    [Test]
    public async Task List_WithMarkerAndMaxItems_PagesThroughEverythingOnce()
    {
        var keys = Enumerable.Range(0, 25).Select(i => $"p/{i:D3}").ToList();
        foreach (var key in keys)
        {
            await Store.WriteAsync([StoreWrite.Create(key, "v")]);
        }

        await Store.WriteAsync([StoreWrite.Create("q/000", "other")]);
        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        while (true)
        {
            var page = await Store.ListAsync("p/", marker, 10);
            pages++;
            seen.AddRange(page.Records.Select(r => r.Key));
            if (!page.IsTruncated)
            {
                break;
            }

            marker = page.Records[^1].Key;
        }

        seen.Should().Equal(keys);
        pages.Should().Be(3);
    }

    [Test]
    public async Task List_ExactlyMaxItems_IsNotTruncated()
    {
        await Store.WriteAsync([StoreWrite.Create("p/1", "v"), StoreWrite.Create("p/2", "v")]);

        var page = await Store.ListAsync("p/", null, 2);

        page.Records.Should().HaveCount(2);
        page.IsTruncated.Should().BeFalse();
    }

    [Test]
    public async Task List_EmptyPrefix_ListsEverything()
    {
        await Store.WriteAsync([StoreWrite.Create("b", "v"), StoreWrite.Create("a", "v")]);

        (await Store.ListAsync(string.Empty, null, 10)).Records.Select(r => r.Key).Should().Equal("a", "b");
    }

    [Test]
    public async Task IamRole_KeyTaggedTwiceUnderCephProfile_EveryValueReadBackThroughAnotherService()
    {
        var options = new IamServiceOptions { CephCompatibility = CephCompatibility.MultiValuedSessionTags };
        var root = IamPrincipal.Root(AccountId.Parse("123456789012"));
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
        IamTag[] tags = [new("Department", "Engineering"), new("Department", "Marketing"), new("env", "prod")];
        var created = await new IamService(Store, options).CreateRoleAsync(root, new CreateRoleRequest("Tagged", trust, Tags: tags));
        created.IsSuccess.Should().BeTrue(created.Error?.ToString());

        // A second service has its own cache: what it lists was read from the store.
        var read = await new IamService(Store, options).GetRoleAsync(root, new GetRoleRequest("Tagged"));

        read.Value.Tags.Should().Equal(tags);
    }

    [Test]
    public async Task Write_EightThreadsUpdatingOneRecord_LoseNothing()
    {
        const int threads = 8;
        const int updatesPerThread = 1000;
        await Store.WriteAsync([StoreWrite.Create("a/1/role/shared", "0")]);
        var applied = 0;
        var refused = 0;
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < updatesPerThread; i++)
                {
                    var current = Store.GetAsync("a/1/role/shared").AsTask().GetAwaiter().GetResult()!;
                    var next = (long.Parse(current.Value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var result = Store.WriteAsync([StoreWrite.Update(current.Key, current.Version, next)]).AsTask().GetAwaiter().GetResult();
                    if (result.IsSuccess)
                    {
                        result.Value.Should().Equal(current.Version + 1);
                        Interlocked.Increment(ref applied);
                    }
                    else
                    {
                        result.Error.Code.Should().Be("ConcurrentModification");
                        Interlocked.Increment(ref refused);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);

        var final = await Store.GetAsync("a/1/role/shared");
        (applied + refused).Should().Be(threads * updatesPerThread);
        applied.Should().BeGreaterThan(0);
        final!.Version.Should().Be(1 + applied);
        final.Value.Should().Be(applied.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
