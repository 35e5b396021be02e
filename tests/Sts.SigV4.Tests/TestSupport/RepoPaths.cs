namespace Sts.SigV4.Tests.TestSupport;

/// <summary>Locates the repository root (the folder holding Sts.sln) and the shared conformance data beside it.</summary>
internal static class RepoPaths
{
    public static string RepoRoot
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sts.sln")))
            {
                directory = directory.Parent;
            }

            if (directory is null)
            {
                Assert.Fail($"No Sts.sln found above {TestContext.CurrentContext.TestDirectory}.");
            }

            return directory!.FullName;
        }
    }

    /// <summary>The SigV4 suite folder; fails the test (never skips) when it is missing.</summary>
    public static string SigV4Suite
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance", "sigv4"));
            if (!Directory.Exists(Path.Combine(path, "v4")) || !Directory.Exists(Path.Combine(path, "v4a")))
            {
                Assert.Fail($"The AWS SigV4 conformance suite is missing: expected folders v4 and v4a under {path}.");
            }

            return path;
        }
    }

    /// <summary>Case folder names of one suite half, found without the test context (for TestCaseSource).</summary>
    public static IEnumerable<string> CaseNames(string half)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sts.sln")))
        {
            directory = directory.Parent;
        }

        string root = directory is null
            ? Path.Combine("..", "shared", "conformance", "sigv4", half)
            : Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance", "sigv4", half));
        if (!Directory.Exists(root))
        {
            // One case that fails loudly with the missing folder's name instead of an empty, passing run.
            return ["<suite folder missing: " + root + ">"];
        }

        return Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
    }
}
