namespace Sts.Cli;

/// <summary>Entry point of the <c>sts</c> command-line tool.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        return CommandLine.Run(args, Console.In, Console.Out, Console.Error);
    }
}
