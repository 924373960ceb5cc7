using System.CommandLine;
using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard;
using Stm32.Cli.Options;
using Stm32.Cli.Output;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 sim power-cycle --state FILE [--boot0 high|low]</c>: power-cycles the board kept in a state file (what
/// survives a power cycle is exactly what the file holds: flash, option bytes, BOOT0), optionally setting BOOT0
/// first. For a running <c>stm32 sim serve</c>, type <c>power-cycle</c> on its standard input instead.
/// </summary>
public static class SimPowerCycleCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var state = new Option<string>("--state") { Description = "The board's state file.", Required = true };
        var device = new Option<string>("--device") { Description = "The device from the device data.", DefaultValueFactory = _ => "STM32H747XI" };
        var boot0 = new Option<string?>("--boot0") { Description = "Set the BOOT0 pin before powering up: high or low." };
        boot0.AcceptOnlyFromAmong("high", "low");
        var format = CliOptions.Format();
        var command = new Command("power-cycle", "Power-cycle the virtual board kept in a state file (optionally changing BOOT0).");
        command.Options.Add(state);
        command.Options.Add(format);
        command.Options.Add(device);
        command.Options.Add(boot0);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(state)!;
            OutputFile.CheckState(path, "--state");
            using var board = new Board(new VirtualBoardOptions { Device = DeviceCatalog.BuiltIn.Get(parse.GetValue(device)!).Name, StateFile = path });
            if (SimCommand.ParseLevel(parse.GetValue(boot0)) is bool level)
            {
                board.Boot0High = level;
            }
            board.PowerCycle();
            board.SaveState();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.WriteObject(output, json =>
                {
                    json.WriteString("state", path);
                    json.WriteString("boot0", board.Boot0High ? "high" : "low");
                    json.WriteBoolean("powerCycled", true);
                });
            }
            else
            {
                output.WriteLine($"power cycled {path} (BOOT0 {(board.Boot0High ? "high" : "low")})");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
