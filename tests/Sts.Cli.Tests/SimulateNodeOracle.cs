using System.Diagnostics;

namespace Sts.Cli.Tests;

/// <summary>
/// Runs tests/node/iam-simulate-oracle.mjs (the AGPL @cloud-copilot/iam-simulate, as an external process
/// only). Installs tests/node with <c>npm ci</c> when node_modules is missing; fails loudly when node or
/// npm is unavailable.
/// </summary>
internal static class SimulateNodeOracle
{
    private static readonly Lock Gate = new();

    public static string NodeDirectory
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "node", "package.json")))
            {
                dir = dir.Parent;
            }

            return dir is null
                ? throw new InvalidOperationException("tests/node/package.json not found above " + TestContext.CurrentContext.TestDirectory)
                : Path.Combine(dir.FullName, "tests", "node");
        }
    }

    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            var node = NodeDirectory;
            if (Directory.Exists(Path.Combine(node, "node_modules", "@cloud-copilot", "iam-simulate")))
            {
                return;
            }

            using var installLock = AcquireInstallLock(node);
            if (Directory.Exists(Path.Combine(node, "node_modules", "@cloud-copilot", "iam-simulate")))
            {
                return;
            }

            var (code, output) = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], node, null);
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci in {node} failed ({code}): {output}");
            }
        }
    }

    /// <summary>Runs the oracle over request lines; returns one output line per request.</summary>
    public static IReadOnlyList<string> Decide(IReadOnlyList<string> requestLines, params string[] extraArgs)
    {
        EnsureInstalled();
        var (code, output) = Run("node", ["iam-simulate-oracle.mjs", .. extraArgs], NodeDirectory, string.Join('\n', requestLines) + "\n");
        if (code != 0)
        {
            throw new InvalidOperationException($"the iam-simulate oracle failed ({code}): {output[..Math.Min(output.Length, 2000)]}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Holds tests/node/.npm-ci.lock exclusively: test assemblies run as parallel processes, and two
    /// concurrent <c>npm ci</c> runs in one folder would delete each other's node_modules.
    /// </summary>
    private static FileStream AcquireInstallLock(string directory)
    {
        var path = Path.Combine(directory, ".npm-ci.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 3000)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static (int Code, string Output) Run(string file, string[] args, string directory, string? stdin)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' is not available on PATH; the differential tests need Node.js 20+ and npm: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} did not finish within 5 minutes");
            }

            return (process.ExitCode, stdout.Result + (process.ExitCode != 0 ? stderr.Result : string.Empty));
        }
    }
}
