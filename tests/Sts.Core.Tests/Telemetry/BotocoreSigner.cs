using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sts.SigV4;

namespace Sts.Core.Tests.Telemetry;

/// <summary>Signs S3 GET requests with botocore (botocore_sign.py on the python3 on PATH); a missing python3 or botocore fails the test.</summary>
internal static class BotocoreSigner
{
    private static readonly string Script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Telemetry", "botocore_sign.py");

    /// <summary>A GET of http://localhost/<paramref name="path"/> signed by botocore, and the instant it was signed at.</summary>
    internal static (SigV4Request Request, DateTimeOffset SignedAt) SignGet(string path, string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        var input = new JsonObject
        {
            ["method"] = "GET",
            ["url"] = "http://localhost" + path,
            ["service"] = "s3",
            ["region"] = "us-east-1",
            ["accessKeyId"] = accessKeyId,
            ["secretAccessKey"] = secretAccessKey,
            ["sessionToken"] = sessionToken,
        };
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var stderrTask = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var stderr = stderrTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"botocore_sign.py failed ({process.ExitCode}): {stderr}");
        }

        var headers = JsonNode.Parse(stdout)!.AsObject()
            .Select(p => new KeyValuePair<string, string>(p.Key, (string)p.Value!))
            .Append(new KeyValuePair<string, string>("Host", "localhost"))
            .ToList();
        var amzDate = headers.Single(h => h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)).Value;
        var signedAt = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (new SigV4Request { Method = "GET", RawPath = path, Headers = headers, Body = Stream.Null }, signedAt);
    }
}
