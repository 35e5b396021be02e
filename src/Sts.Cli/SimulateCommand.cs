using Sts.Policy;

namespace Sts.Cli;

/// <summary><c>sts policy simulate [--input FILE|-]</c>: JSON Lines in, JSON Lines out (see <see cref="SimulateEngine"/>). Exit 0 once every line was read.</summary>
internal static class SimulateCommand
{
    internal const string Usage = "usage: sts policy simulate [--input FILE|-]";

    private static readonly PolicyParserOptions SyntaxOnly = new() { SyntaxOnly = true };

    /// <summary>Parses a policy as the simulator does: syntax only, any Version (IAM's SimulateCustomPolicy accepts any policy that parses).</summary>
    internal static PolicyParseResult Parse(string text, PolicyKind kind) => PolicyParser.Parse(text, kind, SyntaxOnly);

    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) => Run(args, stdin, stdout, stderr, Parse);

    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, PolicyKind, PolicyParseResult> parse)
    {
        string? input = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                stdout.WriteLine(Usage);
                return 0;
            }

            if (args[i] == "--input" && i + 1 < args.Length && input is null)
            {
                input = args[++i];
            }
            else
            {
                stderr.WriteLine($"error: unexpected argument '{args[i]}'");
                stderr.WriteLine(Usage);
                return CommandLine.UsageError;
            }
        }

        TextReader reader;
        if (input is null or "-")
        {
            reader = stdin;
        }
        else
        {
            try
            {
                reader = new StreamReader(input);
            }
            catch (IOException e)
            {
                stderr.WriteLine($"error: cannot read '{input}': {e.Message}");
                return CommandLine.UsageError;
            }
            catch (UnauthorizedAccessException e)
            {
                stderr.WriteLine($"error: cannot read '{input}': {e.Message}");
                return CommandLine.UsageError;
            }
        }

        using (reader == stdin ? null : reader)
        {
            var engine = new SimulateEngine(parse);
            while (reader.ReadLine() is { } line)
            {
                if (engine.Process(line) is { } output)
                {
                    stdout.WriteLine(output);
                }
            }
        }

        return 0;
    }
}
