using System.CommandLine;
using Stm32.Build.Flashing;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 recover [--probe SEL] [--device NAME] [--rdp-regression --confirm-mass-erase]</c>: the recovery
/// sequence for a board that no longer answers — with BOOT0 high and the board power-cycled, connect under reset,
/// erase every bank and prove the flash reads blank (docs/flashing.md, "Recovering a board that no longer
/// answers"); with <c>--rdp-regression</c>, a chip at readout protection level 1 is brought back to level 0, which
/// mass-erases it (needs <c>--confirm-mass-erase</c>).
/// </summary>
public static class RecoverCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var regression = new Option<bool>("--rdp-regression") { Description = "On a chip at readout protection level 1: go back to level 0, which erases the whole flash (needs --confirm-mass-erase)." };
        var confirm = new Option<bool>("--confirm-mass-erase") { Description = "Confirm that --rdp-regression erases the whole flash." };
        var command = new Command("recover", "Regain a board whose firmware locks out the debugger: connect under reset, mass-erase, prove the flash blank (BOOT0 high and a power cycle first); --rdp-regression brings RDP level 1 back to 0.");
        target.AddTo(command);
        command.Options.Add(regression);
        command.Options.Add(confirm);
        command.SetAction(parse =>
        {
            var device = target.Device(parse);
            var options = new RecoverOptions { RdpRegression = parse.GetValue(regression), ConfirmMassErase = parse.GetValue(confirm) };
            return target.Run(parse, device, (pipeline, ct) => pipeline.RecoverAsync(device, options, ct),
                _ => "recovered: the flash is blank; now pull BOOT0 low and power-cycle the board");
        });
        return command;
    }
}
