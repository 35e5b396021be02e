using System.Text.Json.Nodes;
using Sts.Stores.PostgreSql.Tests;

namespace Sts.Gateway.Tests;

/// <summary>
/// Two gateway processes on one PostgreSQL database (a throwaway cluster) and one object directory, with the same root
/// keys and no other shared setting; driven by boto3.
/// </summary>
[NonParallelizable]
public sealed class FleetGatewayTests
{
    private const string RootKey = "AKIAFLEETTESTROOT001";
    private const string RootSecret = "fleettestrootsecretfleettestrootsecret01";

    private PostgreSqlCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartPostgreSql() => _cluster = await PostgreSqlCluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopPostgreSql() => await _cluster.DisposeAsync();

    [Test]
    public async Task TwoGateways_CredentialsMintedOnOneWorkOnTheOther_RoleDeletedOnOneRefusedByTheOtherWithinOneSecond()
    {
        var environment = await FleetEnvironment();
        await using var a = await GatewayProcess.StartAsync(environment);
        await using var b = await GatewayProcess.StartAsync(environment);

        var setup = await Run("setup", a.Url, RootKey, RootSecret);
        var (key, secret, roleArn) = (setup["key"]!.GetValue<string>(), setup["secret"]!.GetValue<string>(), setup["roleArn"]!.GetValue<string>());

        // A role created on A is assumed on B, and B's credentials work on A.
        var onB = await Run("assume", b.Url, key, secret, roleArn);
        var onA = await Run("whoami", a.Url, onB["key"]!.GetValue<string>(), onB["secret"]!.GetValue<string>(), onB["token"]!.GetValue<string>());
        Assert.That(onA["arn"]?.GetValue<string>(), Does.EndWith(":assumed-role/FleetRole/fleet"), onA.ToJsonString());

        // A role deleted on B is refused by A within one second of B's answer.
        var watched = await Run("delete-and-watch", b.Url, a.Url, RootKey, RootSecret, key, secret, roleArn);
        var refusedAfter = watched["refusedAfterMs"]?.GetValue<double>();
        Assert.That(refusedAfter, Is.Not.Null.And.LessThan(1000), watched.ToJsonString());
        await TestContext.Out.WriteLineAsync($"role deleted on B refused by A after {refusedAfter:F1} ms ({watched["code"]})");
    }

    [Test]
    public async Task OneBuildThenTwoDotnetRunNoBuildProcesses_BothAnswer_CredentialsMintedOnOneWorkOnTheOther()
    {
        var environment = await FleetEnvironment();
        var starting = new[] { GatewayProcess.StartAsync(environment, dotnetRun: true), GatewayProcess.StartAsync(environment, dotnetRun: true) };
        await using var a = await starting[0];
        await using var b = await starting[1];

        var setup = await Run("setup", a.Url, RootKey, RootSecret);
        var onB = await Run("assume", b.Url, setup["key"]!.GetValue<string>(), setup["secret"]!.GetValue<string>(), setup["roleArn"]!.GetValue<string>());
        var onA = await Run("whoami", a.Url, onB["key"]!.GetValue<string>(), onB["secret"]!.GetValue<string>(), onB["token"]!.GetValue<string>());

        Assert.That(onA["arn"]?.GetValue<string>(), Does.EndWith(":assumed-role/FleetRole/fleet"), onA.ToJsonString());
        Assert.That(a.Output + b.Output, Does.Contain("IAM store: PostgreSQL"));
    }

    [Test]
    public async Task KeyRotatedOnA_EarlierTokensOfBStayValidOnBoth_TokensSealedAfterRotationOpenOnBoth()
    {
        // Only A rotates (every minute, the shortest period the gateway takes); B follows the ring through the store.
        var environment = await FleetEnvironment();
        await using var a = await GatewayProcess.StartAsync(new Dictionary<string, string>(environment) { ["Gateway__KeyRing__RotationPeriod"] = "00:01:00" });
        await using var b = await GatewayProcess.StartAsync(environment);
        var setup = await Run("setup", a.Url, RootKey, RootSecret);
        string[] user = [setup["key"]!.GetValue<string>(), setup["secret"]!.GetValue<string>(), setup["roleArn"]!.GetValue<string>()];

        var earlier = await Run("assume", b.Url, user[0], user[1], user[2]);
        var firstKey = SealingKeyId(earlier);

        // Wait for A's rotation: a token A mints names another sealing key (published accept-only first, then activated).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JsonNode afterOnA;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            afterOnA = await Run("assume", a.Url, user[0], user[1], user[2]);
        }
        while (SealingKeyId(afterOnA) == firstKey && clock.Elapsed < TimeSpan.FromSeconds(150));

        Assert.That(SealingKeyId(afterOnA), Is.GreaterThan(firstKey), $"A did not rotate within {clock.Elapsed}");
        await TestContext.Out.WriteLineAsync($"A sealed with key {SealingKeyId(afterOnA)} (was {firstKey}) after {clock.Elapsed.TotalSeconds:F0} s");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var afterOnB = await Run("assume", b.Url, user[0], user[1], user[2]);

        foreach (var (name, token) in new[] { ("earlier token of B", earlier), ("token of A after rotation", afterOnA), ("token of B after rotation", afterOnB) })
        {
            foreach (var gateway in new[] { a, b })
            {
                var seen = await Run("whoami", gateway.Url, token["key"]!.GetValue<string>(), token["secret"]!.GetValue<string>(), token["token"]!.GetValue<string>());
                Assert.That(seen["arn"]?.GetValue<string>(), Does.EndWith(":assumed-role/FleetRole/fleet"), $"{name} on {(gateway == a ? "A" : "B")}: {seen.ToJsonString()}");
            }
        }

        Assert.That(SealingKeyId(afterOnB), Is.EqualTo(SealingKeyId(afterOnA)), "B seals with the key A activated");
    }

    /// <summary>The sealing key id of a session token (format version 2: a version byte, then the key id, big-endian).</summary>
    private static uint SealingKeyId(JsonNode credentials)
    {
        var text = credentials["token"]!.GetValue<string>().Replace('-', '+').Replace('_', '/');
        var bytes = Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
        Assert.That(bytes[0], Is.EqualTo(2), "session token format version");
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
    }

    [Test]
    public async Task TwoGateways_BucketAndObjectsWrittenOnOne_ListedAndReadOnTheOtherAtOnce_DeletedOnOneGoneOnTheOther()
    {
        var environment = await FleetEnvironment();
        await using var a = await GatewayProcess.StartAsync(environment);
        await using var b = await GatewayProcess.StartAsync(environment);

        var seen = await Run("objects", a.Url, b.Url, RootKey, RootSecret);

        var json = seen.ToJsonString();
        Assert.That(seen["bucketsOnB"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "fleet-bucket" }), json);
        Assert.That(seen["headOnB"]!.GetValue<int>(), Is.EqualTo(200), json);
        Assert.That(seen["keysOnB"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "docs/one.txt" }), json);
        Assert.That(seen["getOnB"]!.GetValue<string>(), Is.EqualTo("one from A"), json);
        Assert.That(seen["getAfterOverwriteOnB"]!.GetValue<string>(), Is.EqualTo("one again from A"), json);
        Assert.That(seen["keysOnA"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "docs/one.txt", "docs/two.txt" }), json);
        Assert.That(seen["tagsOnA"]!.ToJsonString(), Is.EqualTo("""[{"Key":"team","Value":"fleet"}]"""), json);
        Assert.That(seen["keysOnAAfterDelete"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "docs/two.txt" }), json);
        Assert.That(seen["getOnAAfterDelete"]!.GetValue<string>(), Is.EqualTo("NoSuchKey"), json);
        Assert.That(seen["bucketsOnAAfterDelete"]!.AsArray(), Is.Empty, json);
        Assert.That(seen["headOnAAfterDelete"]!.GetValue<int>(), Is.EqualTo(404), json);
        Assert.That(seen["createTwice"]!.GetValue<string>(), Is.EqualTo("BucketAlreadyOwnedByYou"), json);
    }

    [Test]
    public async Task GatewayKilledMidWrites_OtherListsOnlyWholeEntitiesAndKeepsEveryAcknowledgedWrite_NodeStartedAgainSeesTheSameState()
    {
        var environment = await FleetEnvironment();
        var a = await GatewayProcess.StartAsync(environment);
        await using var b = await GatewayProcess.StartAsync(environment);

        var database = new Npgsql.NpgsqlConnectionStringBuilder(environment["Gateway__Store__ConnectionString"]).Database!;
        var before = await _cluster.QueryAsSuperuserAsync<long>("SELECT count(*) FROM sts_iam_records", database);
        var churn = Run("churn", a.Url, RootKey, RootSecret);

        // Kill A (SIGKILL) once it has acknowledged a few dozen writes, in the middle of the next ones.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await _cluster.QueryAsSuperuserAsync<long>("SELECT count(*) FROM sts_iam_records", database) < before + 40 && clock.Elapsed < TimeSpan.FromSeconds(90) && !churn.IsCompleted)
        {
            await Task.Delay(20);
        }

        a.Process.Kill();
        var written = await churn;
        await a.DisposeAsync();

        var acknowledgedUsers = written["users"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var acknowledgedPolicies = written["policies"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.That(acknowledgedUsers, Is.Not.Empty, written.ToJsonString());
        Assert.That(written["stoppedBy"]?.GetValue<string>(), Is.Not.Null, "the churn should end because the gateway died");

        var audit = await Run("audit", b.Url, RootKey, RootSecret);
        var listed = audit["listed"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.That(audit["problems"]!.AsArray(), Is.Empty, audit.ToJsonString());
        Assert.That(listed, Is.SupersetOf(acknowledgedUsers));
        Assert.That(listed.Count, Is.LessThanOrEqualTo(acknowledgedUsers.Count + 1), "at most the one unacknowledged write in flight");
        Assert.That(audit["withPolicy"]!.AsArray().Select(n => n!.GetValue<string>()), Is.SupersetOf(acknowledgedPolicies));

        // A node started again on the shared database (and the shared object directory) sees the same state.
        await using var restarted = await GatewayProcess.StartAsync(environment);
        var again = await Run("audit", restarted.Url, RootKey, RootSecret);
        Assert.That(again["listed"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(listed));
        Assert.That(again["problems"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Gateway_OtherMasterKeyThanTheStoredRing_RefusesToStartWithTheReason()
    {
        var environment = await FleetEnvironment();
        await using (await GatewayProcess.StartAsync(environment))
        {
        }

        environment["Gateway__Root__SecretAccessKey"] = "anotherrootsecretanotherrootsecretanothe";

        var act = () => GatewayProcess.StartAsync(environment);

        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () => await act());
        Assert.That(failure!.Message, Does.Contain("session key ring stored in the IAM store cannot be opened"));
    }

    private async Task<Dictionary<string, string>> FleetEnvironment()
    {
        var database = await _cluster.CreateDatabaseAsync();
        return new Dictionary<string, string>
        {
            ["Gateway__Store__Kind"] = "postgres",
            ["Gateway__Store__ConnectionString"] = _cluster.AppConnectionString(database),
            ["Gateway__ObjectDirectory"] = Directory.CreateTempSubdirectory("sts-fleet-objects-").FullName,
            ["Gateway__Root__AccessKeyId"] = RootKey,
            ["Gateway__Root__SecretAccessKey"] = RootSecret,
        };
    }

    private static async Task<JsonNode> Run(params string[] args)
    {
        var (exit, output, errors) = await Python.RunAsync("fleet.py", args);
        Assert.That(exit, Is.EqualTo(0), errors + output);
        return JsonNode.Parse(output)!;
    }
}
