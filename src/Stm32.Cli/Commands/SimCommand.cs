using System.CommandLine;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 sim</c>: the virtual board. Subcommands: <c>serve</c> (the board behind an ST-LINK server),
/// <c>power-cycle</c> (a power cycle of a board's state file), <c>run</c> (an image on the instruction emulator,
/// <see cref="SimRunCommand"/>), <c>usb</c> (a command run with the board's probes on emulated USB,
/// <see cref="SimUsbCommand"/>). Further <c>sim</c> subcommands are added in <see cref="Create"/>, one line each.
/// </summary>
public static class SimCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("sim", "The virtual board: a simulated ST-LINK and STM32H747.");
        command.Subcommands.Add(SimServeCommand.Create());
        command.Subcommands.Add(SimPowerCycleCommand.Create());
        command.Subcommands.Add(SimRunCommand.Create());
        command.Subcommands.Add(SimUsbCommand.Create());
        return command;
    }

    /// <summary>The <c>--probe</c> names and their models.</summary>
    internal static readonly (string Name, Stm32.Build.VirtualBoard.ProbeModel Model)[] ProbeNames =
    [
        ("v2", Stm32.Build.VirtualBoard.ProbeModel.V2),
        ("v2-1", Stm32.Build.VirtualBoard.ProbeModel.V2_1),
        ("v3", Stm32.Build.VirtualBoard.ProbeModel.V3),
    ];

    /// <summary>Parses <c>high</c>/<c>low</c>.</summary>
    internal static bool? ParseLevel(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "high" or "1" => true,
        _ => false,
    };
}
