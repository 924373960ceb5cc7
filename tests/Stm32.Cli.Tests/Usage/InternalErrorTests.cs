using System.CommandLine;
using Xunit;

namespace Stm32.Cli.Tests.Usage;

/// <summary>The safety net: an unexpected exception in a command is one coded line (STM0009) and exit 1; its stack trace only with -v.</summary>
public sealed class InternalErrorTests
{
    private static (int Code, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test");
        var boom = new Command("boom") { new Option<bool>("--verbose", "-v") };
        boom.SetAction(_ => ((int[])[])[1]); // an IndexOutOfRangeException: a bug, not a coded failure
        root.Subcommands.Add(boom);
        var stderr = new StringWriter();
        var code = CommandRunner.Run(root, args, new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    [Fact]
    public void An_unexpected_exception_is_one_coded_line_without_a_stack_trace()
    {
        var (code, err) = Run("boom");
        Assert.Equal(ExitCodes.Errors, code);
        Assert.StartsWith("stm32: error STM0009: internal error: IndexOutOfRangeException:", err, StringComparison.Ordinal);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        var (code, err) = Run("boom", "-v");
        Assert.Equal(ExitCodes.Errors, code);
        Assert.Contains("STM0009", err, StringComparison.Ordinal);
        Assert.Contains("   at ", err, StringComparison.Ordinal);
    }
}
