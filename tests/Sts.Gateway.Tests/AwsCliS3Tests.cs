using System.Diagnostics;

namespace Sts.Gateway.Tests;

/// <summary>The AWS CLI (<c>aws s3 cp</c> up and down) against the S3 surface, signed by an account root.</summary>
public sealed class AwsCliS3Tests
{
    [Test]
    public async Task S3Surface_AwsCliCopyUpAndDown_RoundTripsTheBytes()
    {
        await using var host = await GatewayHost.StartAsync(_ => { }, null, GatewayStorageTests.SecondAccount);
        var work = Directory.CreateTempSubdirectory("sts-cli-").FullName;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "scripts", "aws_cli_s3.sh"));
        start.ArgumentList.Add(host.Url);
        start.ArgumentList.Add(work);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(0), await errors);
        Assert.That((await output).TrimEnd(), Does.EndWith("ok"));
    }
}
