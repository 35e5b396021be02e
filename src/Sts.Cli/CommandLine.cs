namespace Sts.Cli;

/// <summary>Dispatches <c>sts</c> sub-commands. Exit codes: 0 success, 1 the input was judged bad, 2 usage error.</summary>
internal static class CommandLine
{
    internal const int Success = 0;
    internal const int Invalid = 1;
    internal const int UsageError = 2;

    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            WriteUsage(args.Length == 0 ? stderr : stdout);
            return args.Length == 0 ? UsageError : Success;
        }

        if (args[0] == "policy")
        {
            return PolicyCommands.Run(args[1..], stdin, stdout, stderr);
        }

        if (args[0] == "token")
        {
            return TokenCommands.Run(args[1..], stdin, stdout, stderr, Environment.GetEnvironmentVariable, TimeProvider.System);
        }

        stderr.WriteLine($"error: unknown command '{args[0]}'");
        WriteUsage(stderr);
        return UsageError;
    }

    internal static void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("usage: sts <command> [options]");
        writer.WriteLine("commands:");
        writer.WriteLine("  policy validate [--type identity|resource|trust|session] [FILE|-]");
        writer.WriteLine("  policy simulate [--input FILE|-]");
        writer.WriteLine("  token inspect --access-key-id ASIA... [--key-ring FILE] [TOKEN|-]");
    }
}
