using System.Net;
using System.Text.RegularExpressions;

namespace Sts.Gateway.Tests;

/// <summary>The gateway as it ships, started as a real process.</summary>
public sealed class GatewayProcessTests
{
    [Test]
    public async Task Start_RootUnset_GeneratesPrintsAndKeepsRootCredentials()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        var printed = Regex.Match(gateway.Output, "Gateway__Root__AccessKeyId=(AKIA[A-Z2-7]{16}) Gateway__Root__SecretAccessKey=(\\S{40})");
        Assert.That(printed.Success, Is.True, gateway.Output);
        var stored = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(gateway.DataDirectory, "sts-data", "root-credentials.json")))!;
        Assert.That(stored["AccessKeyId"]!.GetValue<string>(), Is.EqualTo(printed.Groups[1].Value));
        Assert.That(stored["SecretAccessKey"]!.GetValue<string>(), Is.EqualTo(printed.Groups[2].Value));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(Path.Combine(gateway.DataDirectory, "sts-data", "root-credentials.json")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public async Task Start_RootConfigured_DoesNotPrintASecret()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["Gateway__Root__AccessKeyId"] = "AKIACONFIGUREDROOT01",
            ["Gateway__Root__SecretAccessKey"] = "configuredrootsecretconfiguredrootsecret",
        });

        Assert.That(gateway.Output, Does.Not.Contain("configuredrootsecret"));
        Assert.That(File.Exists(Path.Combine(gateway.DataDirectory, "sts-data", "root-credentials.json")), Is.False);
    }

    [Test]
    public async Task Requests_Unsigned_AreRefusedWithAwsErrors()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        using var http = new HttpClient();

        var s3 = await http.PutAsync(gateway.Url + "/my-bucket", null);
        var sts = await http.PostAsync(gateway.Url + "/", new FormUrlEncodedContent([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15")]));

        Assert.That(s3.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await s3.Content.ReadAsStringAsync(), Does.Contain("<Code>AccessDenied</Code>"));
        Assert.That(sts.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await sts.Content.ReadAsStringAsync(), Does.StartWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"));
        Assert.That(Directory.Exists(Path.Combine(gateway.DataDirectory, "sts-data", "objects")), Is.True, "the default object directory");
        Assert.That(Directory.Exists(Path.Combine(gateway.DataDirectory, "sts-data", "objects", "my-bucket")), Is.False);
    }

    [Test]
    public async Task Sigterm_Running_ExitsPromptlyWithSuccess()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        var elapsed = await gateway.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.That(gateway.Process.ExitCode, Is.EqualTo(0));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
