using System.CommandLine;
using Stm32.Cli.Commands;

namespace Stm32.Cli;

/// <summary>The <c>stm32</c> command tree, built in one place so the program and the tests run the same commands.</summary>
public static class CliApp
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("stm32: validate, flash, boot-check and recover STM32 firmware.");
        // Each subcommand lives in Commands/<Name>Command.cs and is added here, one line each.
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(FlashCommand.Create());
        root.Subcommands.Add(EraseCommand.Create());
        root.Subcommands.Add(ResetCommand.Create());
        root.Subcommands.Add(ReadCommand.Create());
        root.Subcommands.Add(RecoverCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(ProbesCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        return root;
    }

    /// <summary>Runs the command line <paramref name="args"/> and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        Stm32.Build.VirtualBoard.Driver.VirtualBoardProbes.Register(); // --probe sim
        return CommandRunner.Run(CreateRoot(), args, stdout, stderr);
    }
}
