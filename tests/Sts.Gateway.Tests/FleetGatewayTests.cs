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
