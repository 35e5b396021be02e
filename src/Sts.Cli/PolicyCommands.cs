using Sts.Policy;

namespace Sts.Cli;

/// <summary>The <c>sts policy</c> command group.</summary>
internal static class PolicyCommands
{
    internal const string ValidateUsage = "usage: sts policy validate [--type identity|resource|trust|session] [FILE|-]";

    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["simulate", ..])
        {
            return SimulateCommand.Run(args[1..], stdin, stdout, stderr);
        }

        if (args.Length == 0 || args[0] != "validate")
        {
            stderr.WriteLine(args.Length == 0 ? "error: missing policy sub-command" : $"error: unknown policy sub-command '{args[0]}'");
            stderr.WriteLine(ValidateUsage);
            return CommandLine.UsageError;
        }

        return Validate(args[1..], stdin, stdout, stderr);
    }

    /// <summary>Validates one policy: exit 0 when valid (warnings printed), 1 when invalid, 2 on a usage error or an unreadable file.</summary>
    internal static int Validate(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var kind = PolicyKind.Identity;
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                stdout.WriteLine(ValidateUsage);
                return CommandLine.Success;
            }

            if (arg is "--type" or "-t" || arg.StartsWith("--type=", StringComparison.Ordinal))
            {
                var value = arg.StartsWith("--type=", StringComparison.Ordinal) ? arg["--type=".Length..] : i + 1 < args.Length ? args[++i] : null;
                if (!TryParseKind(value, out kind))
                {
                    return Usage(stderr, value is null ? "--type needs a value" : $"unknown policy type '{value}'");
                }
            }
            else if (arg.StartsWith('-') && arg != "-")
            {
                return Usage(stderr, $"unknown option '{arg}'");
            }
            else if (file is not null)
            {
                return Usage(stderr, "only one policy file can be validated at a time");
            }
            else
            {
                file = arg;
            }
        }

        PolicyParseResult result;
        if (file is null or "-")
        {
            result = PolicyParser.Parse(stdin.ReadToEnd(), kind);
        }
        else
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"error: cannot read '{file}': {e.Message}");
                return CommandLine.UsageError;
            }

            result = PolicyParser.Parse(bytes, kind);
        }

        foreach (var finding in result.Findings)
        {
            var label = finding.Severity == PolicyFindingSeverity.Error ? "error" : "warning";
            stdout.WriteLine($"{label}: {finding.Message}");
        }

        return result.IsValid ? CommandLine.Success : CommandLine.Invalid;
    }

    private static bool TryParseKind(string? value, out PolicyKind kind)
    {
        kind = value switch
        {
            "identity" => PolicyKind.Identity,
            "resource" => PolicyKind.Resource,
            "trust" => PolicyKind.Trust,
            "session" => PolicyKind.Session,
            _ => (PolicyKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    private static int Usage(TextWriter stderr, string problem)
    {
        stderr.WriteLine($"error: {problem}");
        stderr.WriteLine(ValidateUsage);
        return CommandLine.UsageError;
    }
}
