using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sts.SigV4.Tests.TestSupport;

namespace Sts.SigV4.Tests.Differential;

/// <summary>
/// Random requests signed by botocore (the python3 on PATH, through peers/botocore_sign.py: SigV4Auth,
/// S3SigV4Auth, SigV4QueryAuth, S3SigV4QueryAuth) verify; changing any one signed element makes each fail.
/// </summary>
public sealed class BotocoreDifferentialTests
{
    [Test]
    public async Task VerifyAsync_RandomRequestsSignedByBotocore_AllVerifyAndEveryMutationFails()
    {
        List<RandomRequest> specs = RandomRequest.Generate(seed: 777, count: 200);
        List<RawHttpRequest> signed = SignWithBotocore(specs);
        int mutations = 0;
        for (int i = 0; i < specs.Count; i++)
        {
            mutations += await DifferentialHarness.VerifyAndMutate("botocore", i, specs[i], signed[i]);
        }

        Assert.That(mutations, Is.GreaterThan(specs.Count * 3));
    }

    internal static List<RawHttpRequest> SignWithBotocore(List<RandomRequest> specs)
    {
        var input = new JsonArray();
        foreach (RandomRequest spec in specs)
        {
            var headers = new JsonArray();
            foreach (KeyValuePair<string, string> header in spec.Headers)
            {
                headers.Add(new JsonArray(header.Key, header.Value));
            }

            input.Add(new JsonObject
            {
                ["method"] = spec.Method,
                ["url"] = spec.Url,
                ["headers"] = headers,
                ["body_b64"] = Convert.ToBase64String(spec.Body),
                ["service"] = spec.Service,
                ["region"] = "us-east-1",
                ["timestamp"] = RandomRequest.SignedAt.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["mode"] = spec.Presign ? "presign" : "header",
                ["expires"] = 3600,
                ["access_key"] = RandomRequest.AccessKeyId,
                ["secret_key"] = RandomRequest.Secret,
                ["token"] = spec.Token,
            });
        }

        string script = Path.Combine(TestContext.CurrentContext.TestDirectory, "peers", "botocore_sign.py");
        Assert.That(File.Exists(script), Is.True, $"missing peer script {script}");
        var start = new ProcessStartInfo("python3", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "python3 peers/botocore_sign.py failed (python3 with botocore must be on PATH): " + stderr);

        JsonArray output = JsonNode.Parse(stdout.Result)!.AsArray();
        Assert.That(output, Has.Count.EqualTo(specs.Count));
        var signed = new List<RawHttpRequest>(specs.Count);
        for (int i = 0; i < specs.Count; i++)
        {
            JsonNode item = output[i]!;
            (string path, string query) = DifferentialHarness.Target(item["url"]!.GetValue<string>());
            var headers = new List<KeyValuePair<string, string>> { new("Host", specs[i].Host) };
            foreach (JsonNode? header in item["headers"]!.AsArray())
            {
                headers.Add(new(header![0]!.GetValue<string>(), header[1]!.GetValue<string>()));
            }

            signed.Add(new RawHttpRequest
            {
                Method = specs[i].Method,
                RawPath = path,
                RawQuery = query,
                Headers = headers,
                Body = Convert.FromBase64String(item["body_b64"]!.GetValue<string>()),
            });
        }

        return signed;
    }
}
