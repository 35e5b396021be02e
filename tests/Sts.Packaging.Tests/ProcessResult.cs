namespace Sts.Packaging.Tests;

/// <summary>A finished child process: its exit code and its standard output and error, interleaved.</summary>
internal sealed record ProcessResult(int ExitCode, string Output);
