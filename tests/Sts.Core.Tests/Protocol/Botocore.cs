using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sts.Core.Tests.Protocol;

/// <summary>Runs botocore_query.py with the python3 on PATH. A missing python3 or botocore fails the test.</summary>
internal static class Botocore
{
    private static readonly string Script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Protocol", "botocore_query.py");

    public static JsonArray Run(string mode, JsonArray cases)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(mode);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var stderrTask = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(cases.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var stderr = stderrTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"botocore_query.py {mode} failed ({process.ExitCode}): {stderr}");
        }

        return JsonNode.Parse(stdout)!.AsArray();
    }

    public static JsonArray LoadCorpus(string fileName) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Protocol", fileName)),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsArray();
}
