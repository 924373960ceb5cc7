// The stm32 command. Subcommands are registered in CliApp.CreateRoot().
return Stm32.Cli.CliApp.Run(args);
