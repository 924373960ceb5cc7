using System.CommandLine;
using Stm32.Build.Diagnostics;
using Stm32.Build.Validation;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 erase [--probe SEL] [--device NAME] [--connect MODE] [--address ADDR --length N]</c>: erases the sectors
/// overlapping the range, or both banks when no range is given. The flash is locked again in every case.
/// </summary>
public static class EraseCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new TargetCommandOptions();
        var connect = TargetCommandOptions.ConnectOption();
        var address = new Option<string?>("--address") { Description = "The first address of the range to erase (hex or decimal)." };
        var length = new Option<string?>("--length") { Description = "The length of the range in bytes; without it both banks are erased." };
        var command = new Command("erase", "Erase flash: the sectors of an address range, or both banks (mass erase).");
        target.AddTo(command);
        command.Options.Add(connect);
        command.Options.Add(address);
        command.Options.Add(length);
        command.SetAction(parse =>
        {
            var device = target.Device(parse);
            uint? start = parse.GetValue(address) is { } a ? ImageFileSpec.ParseAddress(a) ?? throw Invalid($"--address '{a}' is not an address") : null;
            uint? count = parse.GetValue(length) is { } l ? ImageFileSpec.ParseAddress(l) ?? throw Invalid($"--length '{l}' is not a number") : null;
            if (start is not null && count is null)
            {
                throw Invalid("--address needs --length (or give neither to erase both banks)");
            }
            if (count is uint n)
            {
                var first = start ?? device.FlashBanks[0].Start;
                var end = (ulong)first + n;
                if (n == 0 || !device.FlashBanks.Any(b => b.Start < end && (ulong)b.Start + b.Size > first))
                {
                    throw new Stm32Exception(new Diagnostic(DiagnosticCodes.OptionOutOfRange, DiagnosticSeverity.Error,
                        $"--address {Diagnostic.Hex(first)} --length {n}: the range is not in the {device.Name}'s flash ({string.Join(", ", device.FlashBanks.Select(b => $"bank {b.Number} {Diagnostic.Hex(b.Start)}..{Diagnostic.Hex((ulong)b.Start + b.Size)}"))})"));
                }
            }
            var mode = TargetCommandOptions.ParseConnect(parse.GetValue(connect));
            return target.Run(parse, device, (pipeline, ct) => pipeline.EraseAsync(device, mode, start, count, ct),
                report => report.MassErased ? "erased: both banks" : $"erased: sectors {string.Join(", ", report.SectorsErased)}");
        });
        return command;
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
