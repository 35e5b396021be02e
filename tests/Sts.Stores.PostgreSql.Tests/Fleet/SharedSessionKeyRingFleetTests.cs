using System.Diagnostics;
using Sts.Core.Fleet;
using Sts.Core.Tokens;

namespace Sts.Stores.PostgreSql.Tests.Fleet;

/// <summary>
/// The shared key ring on two nodes of one PostgreSQL database, on the real clock. The rings' periodic refresh is off,
/// so whatever node B learns, it learns through the change feed.
/// </summary>
public sealed class SharedSessionKeyRingFleetTests
{
    private static readonly byte[] MasterKey = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    private readonly List<IAsyncDisposable> _open = [];

    [TearDown]
    public async Task Close()
    {
        foreach (var item in Enumerable.Reverse(_open))
        {
            await item.DisposeAsync();
        }

        _open.Clear();
    }

    [Test]
    public async Task Rotation_OnNodeA_ReachesNodeBBeforeASealsWithTheNewKey()
    {
        var (a, b) = await OpenTwoNodes(TimeSpan.FromSeconds(2));
        b.Ring.KeyIds.Should().Equal(a.Ring.KeyIds);

        var added = await a.BeginRotationAsync();
        var clock = Stopwatch.StartNew();
        var seen = await TimeUntil(() => b.Ring.KeyIds.Contains(added));
        seen.Should().BeLessThan(Bound);
        await TestContext.Out.WriteLineAsync($"new key reached the other node after {seen.TotalMilliseconds:F1} ms");

        await a.MaintainAsync();
        a.Ring.ActiveKeyId.Should().NotBe(added, "the propagation delay has not passed");
        await Task.Delay(TimeSpan.FromSeconds(2) - clock.Elapsed + TimeSpan.FromMilliseconds(50));
        await a.MaintainAsync();
        a.Ring.ActiveKeyId.Should().Be(added);

        var session = Session();
        var token = new SessionTokenSealer(a.Ring, TimeProvider.System, a.Revocations).Seal(session).Value.Token;
        new SessionTokenSealer(b.Ring, TimeProvider.System, b.Revocations).Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();
        (await TimeUntil(() => b.Ring.ActiveKeyId == added)).Should().BeLessThan(Bound);
    }

    [Test]
    public async Task Revocation_OnNodeA_IsEnforcedOnNodeBWithinOneSecond()
    {
        var (a, b) = await OpenTwoNodes(TimeSpan.FromSeconds(5));
        var session = Session();
        var token = new SessionTokenSealer(a.Ring, TimeProvider.System, a.Revocations).Seal(session).Value.Token;
        var sealerB = new SessionTokenSealer(b.Ring, TimeProvider.System, b.Revocations);
        sealerB.Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();

        await a.RevokeSessionsIssuedBeforeAsync(session.RoleArn!, session.IssuedAt.AddSeconds(1));
        var elapsed = await TimeUntil(() => sealerB.Open(token, session.AccessKeyId).Error?.Code == "AccessDenied");

        elapsed.Should().BeLessThan(Bound);
        await TestContext.Out.WriteLineAsync($"revocation enforced on the other node after {elapsed.TotalMilliseconds:F1} ms");
    }

    private async Task<(SharedSessionKeyRing A, SharedSessionKeyRing B)> OpenTwoNodes(TimeSpan propagationDelay)
    {
        var connectionString = PostgreSqlClusterSetup.Cluster.AppConnectionString(await PostgreSqlClusterSetup.Cluster.CreateDatabaseAsync());
        var options = new SharedSessionKeyRingOptions { MasterKey = MasterKey, PropagationDelay = propagationDelay, RefreshInterval = null };
        var storeA = await PostgreSqlClusterSetup.OpenStoreAsync(connectionString);
        _open.Add(storeA);
        var storeB = await PostgreSqlClusterSetup.OpenStoreAsync(connectionString);
        _open.Add(storeB);
        var rings = await Task.WhenAll(SharedSessionKeyRing.OpenAsync(storeA, options), SharedSessionKeyRing.OpenAsync(storeB, options));
        _open.AddRange(rings);
        return (rings[0], rings[1]);
    }

    private static SessionState Session() => new()
    {
        AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
        SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
        Kind = SessionPrincipalKind.AssumedRole,
        Account = "123456789012",
        RoleArn = "arn:aws:iam::123456789012:role/ReadOnly",
        RoleId = "AROAQ3EGNKP5EXAMPLE12",
        RoleSessionName = "alice",
        IssuedAt = TimeProvider.System.GetUtcNow(),
        Expiration = TimeProvider.System.GetUtcNow().AddHours(1),
    };

    private static async Task<TimeSpan> TimeUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(5);
        }

        return clock.Elapsed;
    }
}
