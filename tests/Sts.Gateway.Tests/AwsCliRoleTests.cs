using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Sts.Gateway.Tests;

/// <summary>The AWS CLI with profiles: <c>aws sts assume-role</c> as an IAM user, and <c>aws s3 cp</c> up and down with a
/// role profile (<c>role_arn</c> + <c>source_profile</c>), the CLI calling AssumeRole on the gateway itself; the upload is
/// large enough for the CLI to go multipart.</summary>
public sealed class AwsCliRoleTests
{
    [Test]
    public async Task AssumeRole_AwsCliAndRoleProfile_SessionsSignStsAndS3()
    {
        await using var host = await GatewayHost.StartAsync(_ => { });
        var (keyId, secret, roleArn) = await StsIamGatewayTests.CreateUserAndRoleAsync(host, "s3:*");
        var work = Directory.CreateTempSubdirectory("sts-cli-role-").FullName;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "scripts", "aws_cli_role.sh"), host.Url, work, keyId, secret, roleArn })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        Assert.That(process.ExitCode, Is.EqualTo(0), await errors);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var assumed = JsonNode.Parse(lines.Single(l => l.Contains("assumeRole", StringComparison.Ordinal)))!;
        var profile = JsonNode.Parse(lines.Single(l => l.Contains("roleProfile", StringComparison.Ordinal)))!;
        Assert.That(assumed["assumeRole"]!.GetValue<string>(), Is.EqualTo("arn:aws:sts:::assumed-role/SdkRole/cli-session"));
        Assert.That(assumed["keyPrefix"]!.GetValue<string>(), Is.EqualTo("ASIA"));
        Assert.That(profile["roleProfile"]!.GetValue<string>(), Is.EqualTo("arn:aws:sts:::assumed-role/SdkRole/cli-role-profile"));
        var etag = JsonNode.Parse(lines.Single(l => l.Contains("etag", StringComparison.Ordinal)))!["etag"]!.GetValue<string>();
        Assert.That(etag, Does.Match("^\"[0-9a-f]{32}-2\"$"), "the CLI uploaded 9 MB in two parts");
        Assert.That(lines[^1], Is.EqualTo("ok"));
    }
}
