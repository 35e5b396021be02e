using System.Diagnostics;
using System.Text.Json.Nodes;
using Sts.Core.Tests.WebIdentity;

namespace Sts.Gateway.Tests;

/// <summary>The AWS SDK for JavaScript v3 (<c>@aws-sdk/client-sts</c>, tests/node/sts/assume-role.mjs run by node):
/// AssumeRole against the gateway, then GetCallerIdentity with the session.</summary>
public sealed class JsSdkTests
{
    [Test]
    public async Task AssumeRole_JsSdkV3_ReturnsASessionThatSignsGetCallerIdentity()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });
        var (keyId, secret, roleArn) = await StsIamGatewayTests.CreateUserAndRoleAsync(host, "s3:*");
        var start = new ProcessStartInfo("node") { WorkingDirectory = NodeTools.Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(NodeTools.Directory, "sts", "assume-role.mjs"), host.Url, keyId, secret, roleArn, "js-session" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new AssertionException("could not start node");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.ExitCode, Is.EqualTo(0), await errors);
        var result = JsonNode.Parse(await output)!;
        Assert.That(result["arn"]!.GetValue<string>(), Is.EqualTo("arn:aws:sts:::assumed-role/SdkRole/js-session"));
        Assert.That(result["keyPrefix"]!.GetValue<string>(), Is.EqualTo("ASIA"));
        Assert.That(result["expiresInSeconds"]!.GetValue<int>(), Is.InRange(840, 900));
        Assert.That(result["identity"]!.GetValue<string>(), Is.EqualTo(result["arn"]!.GetValue<string>()));
    }
}
