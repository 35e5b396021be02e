using Sts.Policy;

namespace Sts.Cli.Tests;

/// <summary>The policy parser the simulate tests hand to the engine: the one the command uses.</summary>
internal static class SimulateTestParser
{
    public static PolicyParseResult Parse(string text, PolicyKind kind) => SimulateCommand.Parse(text, kind);
}
