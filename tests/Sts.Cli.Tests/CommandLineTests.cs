using Sts.Cli;

namespace Sts.Cli.Tests;

public class CommandLineTests
{
    [Test]
    public void Run_WithNoArguments_PrintsUsageAndReturnsUsageError()
    {
        var stderr = new StringWriter();
        var code = CommandLine.Run([], new StringReader(""), new StringWriter(), stderr);
        code.Should().Be(CommandLine.UsageError);
        stderr.ToString().Should().Contain("usage: sts");
    }

    [Test]
    public void Run_WithUnknownCommand_ReturnsUsageErrorNamingTheCommand()
    {
        var stderr = new StringWriter();
        var code = CommandLine.Run(["frobnicate"], new StringReader(""), new StringWriter(), stderr);
        code.Should().Be(CommandLine.UsageError);
        stderr.ToString().Should().Contain("unknown command 'frobnicate'");
    }
}
