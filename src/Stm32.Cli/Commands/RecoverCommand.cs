using System.CommandLine;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 recover [--probe SEL] [--device NAME]</c>: the recovery sequence for a board that no longer answers —
/// with BOOT0 high and the board power-cycled, connect under reset, erase both banks and prove the flash reads
/// blank (docs/flashing.md, "Recovering a board that no longer answers").
/// </summary>
public static class RecoverCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var command = new Command("recover", "Regain a board whose firmware locks out the debugger: connect under reset, mass-erase, prove the flash blank (BOOT0 high and a power cycle first).");
        target.AddTo(command);
        command.SetAction(parse =>
        {
            var device = target.Device(parse);
            return target.Run(parse, device, (pipeline, ct) => pipeline.RecoverAsync(device, ct),
                _ => "recovered: the flash is blank; now pull BOOT0 low and power-cycle the board");
        });
        return command;
    }
}
