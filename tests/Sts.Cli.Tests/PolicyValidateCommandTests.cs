using System.Diagnostics;
using Sts.Cli;

namespace Sts.Cli.Tests;

public class PolicyValidateCommandTests
{
    private const string Valid = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}}""";
    private const string Risky = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";
    private const string Invalid = """{"Statement":{"Effect":"Allow","Action":"nocolon","Resource":"*"}}""";

    private static (int Code, string Stdout, string Stderr) Run(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(args, new StringReader(stdin), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Validate_ValidPolicyOnStdin_ExitsZeroWithNoFindings()
    {
        var (code, stdout, _) = Run(Valid, "policy", "validate", "-");

        code.Should().Be(0);
        stdout.Should().BeEmpty();
    }

    [Test]
    public void Validate_RiskyPolicy_ExitsZeroAndPrintsWarning()
    {
        var (code, stdout, _) = Run(Risky, "policy", "validate");

        code.Should().Be(0);
        stdout.Should().Be("warning: Statement 0 allows every action (\"*\") on every resource (\"*\")." + Environment.NewLine);
    }

    [Test]
    public void Validate_InvalidPolicy_ExitsOneWithOneErrorPerLine()
    {
        var (code, stdout, _) = Run(Invalid, "policy", "validate", "--type", "identity");

        code.Should().Be(1);
        stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "error: Policy document must be version 2012-10-17 or greater.",
            "error: Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    }

    [Test]
    public void Validate_TypeSelectsTheKindRules()
    {
        const string Trust = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}""";

        Run(Trust, "policy", "validate", "--type", "trust").Code.Should().Be(0);
        Run(Trust, "policy", "validate", "--type=session").Stdout.Should().Contain("error: Policy document should not specify a principal.");
        Run(Trust, "policy", "validate").Code.Should().Be(1);
    }

    [TestCase(new[] { "policy" }, "missing policy sub-command")]
    [TestCase(new[] { "policy", "check" }, "unknown policy sub-command 'check'")]
    [TestCase(new[] { "policy", "validate", "--type", "bucket" }, "unknown policy type 'bucket'")]
    [TestCase(new[] { "policy", "validate", "--type" }, "--type needs a value")]
    [TestCase(new[] { "policy", "validate", "--verbose" }, "unknown option '--verbose'")]
    [TestCase(new[] { "policy", "validate", "a.json", "b.json" }, "only one policy file")]
    public void Validate_UsageError_ExitsTwo(string[] args, string message)
    {
        var (code, _, stderr) = Run(Valid, args);

        code.Should().Be(2);
        stderr.Should().Contain(message);
    }

    [Test]
    public void Validate_UnreadableFile_ExitsTwo()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"sts-missing-{Guid.NewGuid():N}.json");

        var (code, stdout, stderr) = Run("", "policy", "validate", missing);

        code.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith($"error: cannot read '{missing}'");
    }

    [Test]
    public void Validate_FileWithInvalidUtf8_ExitsOne()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, [(byte)'{', 0xFF, (byte)'}']);
            var (code, stdout, _) = Run("", "policy", "validate", file);
            code.Should().Be(1);
            stdout.Should().StartWith("error: Syntax errors in policy. The document is not valid UTF-8 (byte offset 1).");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void StsBinary_ValidatesTheReadmeSampleAndAnInvalidPolicy()
    {
        var directory = AppContext.BaseDirectory;
        var sts = Path.Combine(directory, OperatingSystem.IsWindows() ? "sts.exe" : "sts");
        File.Exists(sts).Should().BeTrue(because: "the sts apphost is copied next to the tests");
        var sample = Path.Combine(FindRepositoryRoot(directory), "samples", "policies", "s3-read-own-prefix.json");

        var valid = RunProcess(sts, ["policy", "validate", "--type", "identity", sample], stdin: null);
        var invalid = RunProcess(sts, ["policy", "validate", "--type", "trust", "-"], stdin: Invalid);

        valid.Code.Should().Be(0, because: valid.Stderr);
        valid.Stdout.Should().BeEmpty();
        invalid.Code.Should().Be(1);
        invalid.Stdout.Should().Contain("error: Missing required field Principal.");
    }

    private static (int Code, string Stdout, string Stderr) RunProcess(string file, string[] args, string? stdin)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            Assert.Fail("sts did not exit within 60 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Sts.sln above {start}");
    }
}
