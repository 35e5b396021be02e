using System.Diagnostics;
using Sts.Core.Accounts;
using Sts.Core.Iam.Requests;

namespace Sts.Stores.PostgreSql.Tests.Coherence;

/// <summary>
/// Two nodes (two stores, two IAM services with caches that never expire on their own) on one database: a change
/// acknowledged on one is enforced on the other within one second, through LISTEN/NOTIFY, and a node whose listener
/// connection dies or freezes stops serving from its cache within <see cref="PostgreSqlIamStoreOptions.StaleAfter"/>.
/// </summary>
public sealed class CacheCoherenceTests
{
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string ReadPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
    private const string WritePolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}""";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private static readonly IamPrincipal Root = IamPrincipal.Root(AccountId.Parse("123456789012"));

    private FleetNode _a = null!;
    private FleetNode _b = null!;

    private static PostgreSqlCluster Cluster => PostgreSqlClusterSetup.Cluster;

    [SetUp]
    public async Task OpenTwoNodes()
    {
        var connectionString = Cluster.AppConnectionString(await Cluster.CreateDatabaseAsync());
        _a = await FleetNode.OpenAsync(connectionString);
        _b = await FleetNode.OpenAsync(connectionString);
    }

    [TearDown]
    public async Task CloseNodes()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Test]
    public async Task DeleteRole_OnNodeA_IsEnforcedOnNodeBWithinOneSecond()
    {
        await CreateRoleOnAAndCacheOnB("r1");

        (await _a.Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("r1"))).IsSuccess.Should().BeTrue();
        var elapsed = await TimeUntil(async () => (await _b.Iam.GetRoleAsync(Root, new GetRoleRequest("r1"))).Error?.Code == "NoSuchEntity");

        elapsed.Should().BeLessThan(Bound);
        await TestContext.Out.WriteLineAsync($"role deletion seen on the other node after {elapsed.TotalMilliseconds:F1} ms");
    }

    [Test]
    public async Task PutRolePolicy_OnNodeA_IsEnforcedOnNodeBWithinOneSecond()
    {
        await CreateRoleOnAAndCacheOnB("r1");
        (await _a.Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("r1", "p", ReadPolicy))).IsSuccess.Should().BeTrue();
        // Another node sees a change within the bound, not at once: wait for the first version before changing it again.
        (await TimeUntil(async () => await _b.Iam.GetRolePolicyAsync(Root, new GetRolePolicyRequest("r1", "p")) is { IsSuccess: true } read && read.Value.PolicyDocument == ReadPolicy)).Should().BeLessThan(Bound);

        (await _a.Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("r1", "p", WritePolicy))).IsSuccess.Should().BeTrue();
        var elapsed = await TimeUntil(async () => (await _b.Iam.GetRolePolicyAsync(Root, new GetRolePolicyRequest("r1", "p"))).Value?.PolicyDocument == WritePolicy);

        elapsed.Should().BeLessThan(Bound);
        await TestContext.Out.WriteLineAsync($"policy change seen on the other node after {elapsed.TotalMilliseconds:F1} ms");
    }

    [Test]
    public async Task IdleNode_KeepsConfirmingItsListener_SoItsCacheStaysInUse()
    {
        // Notifications arrive, then nothing: the heartbeat alone must keep the feed current (a listener wait that
        // ended a fraction of a millisecond early once turned into an endless wait, and the cache into a pass-through).
        await CreateRoleOnAAndCacheOnB("r1");
        for (var i = 0; i < 5; i++)
        {
            (await _a.Iam.PutRolePolicyAsync(Root, new PutRolePolicyRequest("r1", "p" + i, ReadPolicy))).IsSuccess.Should().BeTrue();
        }

        var clock = Stopwatch.StartNew();
        var samples = 0;
        var notCurrent = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            samples++;
            notCurrent += _b.Store.IsCurrent && _a.Store.IsCurrent ? 0 : 1;
            await Task.Delay(20);
        }

        notCurrent.Should().Be(0, $"both idle nodes should stay current through {samples} samples over 3 s");
    }

    [Test]
    public async Task ListenerConnectionTerminated_NodeReconnectsAndMissesNoChange()
    {
        await CreateRoleOnAAndCacheOnB("r1");
        var connects = _b.Store.ListenerConnects;

        await Cluster.ExecuteAsSuperuserAsync($"SELECT pg_terminate_backend({_b.Store.ListenerProcessId})");
        (await _a.Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("r1"))).IsSuccess.Should().BeTrue();
        var elapsed = await TimeUntil(async () => (await _b.Iam.GetRoleAsync(Root, new GetRoleRequest("r1"))).Error?.Code == "NoSuchEntity");

        elapsed.Should().BeLessThan(Bound);
        (await TimeUntil(() => Task.FromResult(_b.Store.IsCurrent && _b.Store.ListenerConnects > connects))).Should().BeLessThan(TimeSpan.FromSeconds(5));
        await CreateRoleOnAAndCacheOnB("r2");
        (await _a.Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("r2"))).IsSuccess.Should().BeTrue();
        (await TimeUntil(async () => (await _b.Iam.GetRoleAsync(Root, new GetRoleRequest("r2"))).Error?.Code == "NoSuchEntity")).Should().BeLessThan(Bound);
    }

    [Test]
    public async Task ListenerFrozen_NodeStopsTrustingItsCacheWithinStaleAfter()
    {
        await CreateRoleOnAAndCacheOnB("r1");
        var listener = _b.Store.ListenerProcessId;
        listener.Should().BeGreaterThan(0);

        // SIGSTOP the listener's server process: its connection stays open but answers nothing, and no notification reaches node B.
        await Cluster.SignalAsync(listener, "STOP");
        try
        {
            (await _a.Iam.DeleteRoleAsync(Root, new DeleteRoleRequest("r1"))).IsSuccess.Should().BeTrue();
            var elapsed = await TimeUntil(async () => (await _b.Iam.GetRoleAsync(Root, new GetRoleRequest("r1"))).Error?.Code == "NoSuchEntity");

            elapsed.Should().BeLessThan(Bound);
            await TestContext.Out.WriteLineAsync($"with the listener frozen, the deletion was enforced after {elapsed.TotalMilliseconds:F1} ms");
        }
        finally
        {
            await Cluster.SignalAsync(listener, "CONT");
        }

        (await TimeUntil(() => Task.FromResult(_b.Store.IsCurrent))).Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    private async Task CreateRoleOnAAndCacheOnB(string name)
    {
        (await _a.Iam.CreateRoleAsync(Root, new CreateRoleRequest(name, TrustPolicy))).IsSuccess.Should().BeTrue();
        (await _b.Iam.GetRoleAsync(Root, new GetRoleRequest(name))).IsSuccess.Should().BeTrue();
    }

    private static async Task<TimeSpan> TimeUntil(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                return clock.Elapsed;
            }

            await Task.Delay(5);
        }

        return clock.Elapsed;
    }
}
