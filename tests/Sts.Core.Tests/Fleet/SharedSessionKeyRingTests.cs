using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sts.Core.Fleet;
using Sts.Core.Stores;
using Sts.Core.Stores.InMemory;
using Sts.Core.Tests.Telemetry;
using Sts.Core.Tests.Tokens;
using Sts.Core.Tokens;

namespace Sts.Core.Tests.Fleet;

/// <summary>Two nodes sharing one store (no change feed: each refreshes explicitly), on a fake clock.</summary>
public sealed class SharedSessionKeyRingTests
{
    private static readonly byte[] MasterKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private readonly List<SharedSessionKeyRing> _rings = [];
    private FakeTimeProvider _time = null!;
    private InMemoryIamStore _store = null!;

    [SetUp]
    public void CreateStore()
    {
        _time = SessionFixtures.Clock();
        _store = new InMemoryIamStore();
    }

    [TearDown]
    public async Task CloseRings()
    {
        foreach (var ring in _rings)
        {
            await ring.DisposeAsync();
        }

        _rings.Clear();
    }

    [Test]
    public async Task Open_TwoNodesOnEmptyStore_AgreeOnOneRingAndOpenEachOthersTokens()
    {
        var opened = await Task.WhenAll(Task.Run(() => Open()), Task.Run(() => Open()));
        var (a, b) = (opened[0], opened[1]);

        a.Ring.KeyIds.Should().Equal(1u);
        b.Ring.KeyIds.Should().Equal(1u);
        var session = SessionFixtures.RoleSession();
        var token = Sealer(a).Seal(session).Value.Token;
        Sealer(b).Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();
    }

    [Test]
    public async Task Open_StoredRingWithAnotherMasterKey_RefusesWithClearMessage()
    {
        await Open();

        var act = () => Open(new SharedSessionKeyRingOptions { MasterKey = new byte[32], RefreshInterval = null });

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*cannot be opened*same master key*");
    }

    [Test]
    public async Task Open_MasterKeyNot32Bytes_Throws()
    {
        var act = () => Open(new SharedSessionKeyRingOptions { MasterKey = new byte[16] });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*32 bytes*");
    }

    [Test]
    public async Task Store_HoldsKeysOnlySealed()
    {
        var a = await Open();
        var exported = System.Text.Encoding.UTF8.GetString(a.Ring.Export());
        var material = exported.Split('\n').Single(l => l.StartsWith("key 1 ", StringComparison.Ordinal))[6..];

        var record = await _store.GetAsync(SharedSessionKeyRing.KeyRingRecordKey);

        record!.Value.Should().NotContain(material);
    }

    [Test]
    public async Task BeginRotation_NewKeyOpensEverywhereBeforeAnyNodeSealsWithIt()
    {
        var a = await Open();
        var b = await Open();

        var added = await a.BeginRotationAsync();
        await b.RefreshAsync();

        b.Ring.KeyIds.Should().Contain(added);
        a.Ring.ActiveKeyId.Should().Be(1);
        b.Ring.ActiveKeyId.Should().Be(1);

        // Not yet: the propagation delay has not passed.
        await a.MaintainAsync();
        a.Ring.ActiveKeyId.Should().Be(1);

        _time.Advance(TimeSpan.FromSeconds(5));
        await a.MaintainAsync();
        a.Ring.ActiveKeyId.Should().Be(added);

        // B has not refreshed since the activation, yet opens what A now seals with the new key.
        var session = Session();
        var token = Sealer(a).Seal(session).Value.Token;
        Sealer(b).Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();
        b.Ring.ActiveKeyId.Should().Be(1);
        await b.RefreshAsync();
        b.Ring.ActiveKeyId.Should().Be(added);
    }

    [Test]
    public async Task Maintain_OldKeyRetiredOnlyAfterRetireAfter_ItsTokensOpenUntilThen()
    {
        var options = new SharedSessionKeyRingOptions { MasterKey = MasterKey, RefreshInterval = null, RetireAfter = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5) };
        var a = await Open(options);
        var b = await Open(options);
        var session = Session();
        var oldToken = Sealer(a).Seal(session).Value.Token;
        var added = await a.BeginRotationAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        await a.MaintainAsync();

        _time.Advance(TimeSpan.FromMinutes(59));
        await b.MaintainAsync();
        await a.RefreshAsync();
        a.Ring.KeyIds.Should().Equal(1u, added);
        Sealer(b).Open(oldToken, session.AccessKeyId).IsSuccess.Should().BeTrue();

        _time.Advance(TimeSpan.FromMinutes(6));
        await b.MaintainAsync();
        await a.RefreshAsync();

        a.Ring.KeyIds.Should().Equal(added);
        b.Ring.KeyIds.Should().Equal(added);
    }

    [Test]
    public async Task Maintain_RotationPeriodElapsed_PublishesThenActivatesANewKey()
    {
        var options = new SharedSessionKeyRingOptions { MasterKey = MasterKey, RefreshInterval = null, RotationPeriod = TimeSpan.FromHours(1) };
        var a = await Open(options);

        _time.Advance(TimeSpan.FromMinutes(59));
        await a.MaintainAsync();
        a.Ring.KeyIds.Should().Equal(1u);

        _time.Advance(TimeSpan.FromMinutes(1));
        await a.MaintainAsync();
        a.Ring.KeyIds.Should().Equal(1u, 2u);
        a.Ring.ActiveKeyId.Should().Be(1);

        _time.Advance(TimeSpan.FromSeconds(5));
        await a.MaintainAsync();
        a.Ring.ActiveKeyId.Should().Be(2);
    }

    [Test]
    public async Task Maintain_RotationPeriodFillsTheRing_PausesWithOneWarningAndResumesWhenTheOldestKeyRetires()
    {
        var logger = new CapturingLogger();
        var options = new SharedSessionKeyRingOptions { MasterKey = MasterKey, RefreshInterval = null, RotationPeriod = TimeSpan.FromMinutes(10) };
        var ring = await SharedSessionKeyRing.OpenAsync(_store, options, _time, new TypedLogger(logger));
        _rings.Add(ring);

        for (var rotation = 0; rotation < SessionKeyRing.MaxKeys + 2; rotation++)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            await ring.MaintainAsync();
            _time.Advance(TimeSpan.FromSeconds(5));
            await ring.MaintainAsync();
        }

        ring.Ring.KeyIds.Should().HaveCount(SessionKeyRing.MaxKeys);
        ring.Ring.ActiveKeyId.Should().Be((uint)SessionKeyRing.MaxKeys);
        logger.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("rotation is paused", StringComparison.Ordinal)).Should().ContainSingle();

        // Key 1 stopped sealing ten minutes after the start; once it retires, a slot is free and rotation resumes.
        _time.Advance(options.RetireAfter);
        await ring.MaintainAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        await ring.MaintainAsync();
        ring.Ring.ActiveKeyId.Should().BeGreaterThan((uint)SessionKeyRing.MaxKeys);
    }

    [Test]
    public async Task Maintain_OnBothNodesAtOnce_ActivatesOnceAndAgrees()
    {
        var a = await Open();
        var b = await Open();
        var added = await a.BeginRotationAsync();
        _time.Advance(TimeSpan.FromSeconds(5));

        await Task.WhenAll(a.MaintainAsync(), b.MaintainAsync());
        await a.RefreshAsync();

        a.Ring.ActiveKeyId.Should().Be(added);
        b.Ring.ActiveKeyId.Should().Be(added);
        a.Ring.KeyIds.Should().Equal(b.Ring.KeyIds);
    }

    [Test]
    public async Task RevokeSessionsIssuedBefore_OnNodeA_DeniesTheSessionOnNodeBAfterRefresh()
    {
        var a = await Open();
        var b = await Open();
        var session = Session();
        var token = Sealer(a).Seal(session).Value.Token;
        _time.Advance(TimeSpan.FromMinutes(1));

        await a.RevokeSessionsIssuedBeforeAsync(session.RoleArn!, _time.GetUtcNow());
        Sealer(b).Open(token, session.AccessKeyId).IsSuccess.Should().BeTrue();
        await b.RefreshAsync();

        var opened = Sealer(b).Open(token, session.AccessKeyId);
        opened.Error!.Code.Should().Be("AccessDenied");
        opened.Error.Message.Should().Contain("revoked");
        Sealer(a).Open(token, session.AccessKeyId).Error!.Code.Should().Be("AccessDenied");
    }

    private async Task<SharedSessionKeyRing> Open(SharedSessionKeyRingOptions? options = null)
    {
        var ring = await SharedSessionKeyRing.OpenAsync(_store, options ?? new SharedSessionKeyRingOptions { MasterKey = MasterKey, RefreshInterval = null }, _time);
        lock (_rings)
        {
            _rings.Add(ring);
        }

        return ring;
    }

    private SessionTokenSealer Sealer(SharedSessionKeyRing ring) => new(ring.Ring, _time, ring.Revocations);

    private SessionState Session() => new()
    {
        AccessKeyId = TemporaryCredentialFactory.NewAccessKeyId(),
        SecretAccessKey = TemporaryCredentialFactory.NewSecretAccessKey(),
        Kind = SessionPrincipalKind.AssumedRole,
        Account = "123456789012",
        RoleArn = "arn:aws:iam::123456789012:role/ReadOnly",
        RoleId = "AROAQ3EGNKP5EXAMPLE12",
        RoleSessionName = "alice",
        IssuedAt = _time.GetUtcNow(),
        Expiration = _time.GetUtcNow().AddHours(1),
    };

    private sealed class TypedLogger(CapturingLogger inner) : ILogger<SharedSessionKeyRing>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
