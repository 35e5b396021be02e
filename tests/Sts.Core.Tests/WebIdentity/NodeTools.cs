using System.Diagnostics;

namespace Sts.Core.Tests.WebIdentity;

/// <summary>
/// Runs the Node helpers of tests/node. Node missing is a test failure, never a skip; node_modules
/// missing is repaired with <c>npm ci</c> (from the lock file).
/// </summary>
internal static class NodeTools
{
    private static readonly Lazy<string> NodeDirectory = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    internal static string Directory => NodeDirectory.Value;

    internal static string Script(string name) => Path.Combine(Directory, "oidc", name);

    /// <summary>Runs <c>node script</c> with <paramref name="input"/> on stdin and returns stdout; fails the test on a non-zero exit.</summary>
    internal static string Run(string script, string input)
    {
        var start = new ProcessStartInfo("node", [Script(script)])
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new AssertionException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"node {script} did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new AssertionException($"node {script} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result;
    }

    private static string Prepare()
    {
        var directory = FindNodeDirectory();
        string version;
        try
        {
            version = RunTool("node", ["--version"], directory, TimeSpan.FromSeconds(30));
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new AssertionException("Node.js is required by the web identity tests (oidc-provider, jose) but `node` is not on PATH: " + exception.Message);
        }

        if (!version.StartsWith('v'))
        {
            throw new AssertionException($"`node --version` printed '{version}'");
        }

        static bool Installed(string directory) =>
            File.Exists(Path.Combine(directory, "node_modules", "oidc-provider", "package.json"))
            && File.Exists(Path.Combine(directory, "node_modules", "jose", "package.json"))
            && File.Exists(Path.Combine(directory, "node_modules", "@cloud-copilot", "iam-simulate", "package.json"));

        if (!Installed(directory))
        {
            using var installLock = AcquireInstallLock(directory);
            if (!Installed(directory))
            {
                RunTool("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], directory, TimeSpan.FromMinutes(5));
            }
        }

        return directory;
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

    private static string FindNodeDirectory()
    {
        for (var current = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine(current.FullName, "tests", "node");
            if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "oidc", "mint.mjs")))
            {
                return candidate;
            }
        }

        throw new AssertionException("tests/node/package.json not found above " + TestContext.CurrentContext.TestDirectory);
    }

    private static string RunTool(string file, string[] arguments, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new AssertionException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"{file} {string.Join(' ', arguments)} timed out");
        }

        if (process.ExitCode != 0)
        {
            throw new AssertionException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result.Trim();
    }
}
