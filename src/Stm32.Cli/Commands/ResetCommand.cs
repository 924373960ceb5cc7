using System.CommandLine;
using Stm32.Build.Flashing.Pipeline;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 reset [--probe SEL] [--device NAME] [--kind hardware|software|core]</c>: hardware pulses NRST;
/// software requests a system reset (AIRCR.SYSRESETREQ) and lets the firmware run; core resets with the vector
/// catch and leaves the core halted at its reset handler, printing PC and SP.
/// </summary>
public static class ResetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var connect = TargetCommandOptions.ConnectOption();
        var kind = new Option<string>("--kind") { Description = "hardware (NRST pulse), software (system reset request, firmware runs) or core (halt at the reset handler).", DefaultValueFactory = _ => "software" };
        kind.AcceptOnlyFromAmong("hardware", "software", "core");
        var command = new Command("reset", "Reset the target: hardware (NRST), software (system reset) or core (halt at the reset handler).");
        target.AddTo(command);
        command.Options.Add(connect);
        command.Options.Add(kind);
        command.SetAction(parse =>
        {
            var device = target.Device(parse);
            var resetKind = parse.GetValue(kind) switch { "hardware" => ResetKind.Hardware, "core" => ResetKind.Core, _ => ResetKind.Software };
            var mode = TargetCommandOptions.ParseConnect(parse.GetValue(connect));
            return target.Run(parse, device, (pipeline, ct) => pipeline.ResetAsync(device, resetKind, mode, ct));
        });
        return command;
    }
}
