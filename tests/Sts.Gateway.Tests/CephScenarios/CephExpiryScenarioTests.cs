using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Sts.Gateway.Tests.CephScenarios;

/// <summary>
/// Ceph's <c>test_assume_role_creds_expiry</c> (ceph-rgw.md §8 row 4) without waiting 900 s: the gateway runs on a
/// <see cref="FakeTimeProvider"/> put into its services by the test host, boto3 assumes a role for 900 s, the test moves
/// the clock, and boto3 (signing at the moved time) uses the credentials just before and just after they expire.
/// </summary>
public sealed class CephExpiryScenarioTests
{
    private const string RootKey = "AKIAGATEWAYTESTROOT1";
    private const string RootSecret = "gatewaytestrootsecretgatewaytestrootsecr";

    [TestCase("aws")]
    [TestCase("ceph")]
    public async Task AssumeRoleCredsExpiry_ClockPassesDuration_ExpiredToken400(string mode)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        string[] settings = mode == "ceph" ? ["--Gateway:Compatibility", "Ceph"] : [];
        await using var host = await GatewayHost.StartAsync(services => services.AddSingleton<TimeProvider>(clock), null, settings);
        var phaseFile = Path.Combine(host.DataDirectory, "credentials.json");

        var assumed = await RunAsync(host, mode, 0, phaseFile, "assume");
        clock.Advance(TimeSpan.FromSeconds(899));
        var before = await RunAsync(host, mode, 899, phaseFile, "Before");
        clock.Advance(TimeSpan.FromSeconds(2));
        var after = await RunAsync(host, mode, 901, phaseFile, "After");

        Assert.That(assumed["assumeRole"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(assumed["createBucketFresh"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(before["createBucketBefore"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(after["createBucketAfter"]!.GetValue<string>(), Is.EqualTo("ExpiredToken 400"));
    }

    private static async Task<JsonNode> RunAsync(GatewayHost host, string mode, int offset, string phaseFile, string phase)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "CephScenarios", "ceph_scenarios.py");
        var (exit, output, errors) = await Python.RunFileAsync(script, host.Url, RootKey, RootSecret, mode, "assume_role_creds_expiry",
            offset.ToString(System.Globalization.CultureInfo.InvariantCulture), phaseFile, phase);
        Assert.That(exit, Is.EqualTo(0), errors);
        return JsonNode.Parse(output)!;
    }
}
