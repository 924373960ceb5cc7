using System.CommandLine;
using Stm32.Cli;
using Stm32.Cli.Commands;

var root = new RootCommand("stm32: validate, flash, boot-check and recover STM32 firmware.");
// Each subcommand lives in Commands/<Name>Command.cs and is added here.
root.Subcommands.Add(DevicesCommand.Create());

return CommandRunner.Run(root, args);
