using System.Diagnostics;

namespace Sts.Gateway.Tests;

/// <summary>Runs a script of scripts/ with the python3 on PATH; a missing python3 or boto3 fails the test.</summary>
internal static class Python
{
    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, params string[] args) =>
        RunFileAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "scripts", script), args);

    /// <summary>Runs the script at <paramref name="path"/>.</summary>
    public static Task<(int ExitCode, string Output, string Errors)> RunFileAsync(string path, params string[] args) =>
        RunFileAsync(path, new Dictionary<string, string>(), args);

    /// <summary>Runs the script at <paramref name="path"/> with these environment variables set.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunFileAsync(string path, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
