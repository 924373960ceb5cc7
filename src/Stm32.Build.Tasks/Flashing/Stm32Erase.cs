using Microsoft.Build.Framework;
using Stm32.Build.Validation;

using Stm32.Build.Tasks.Terminal;

namespace Stm32.Build.Tasks;

/// <summary>Erases the sectors overlapping Start..Start+Length, or both banks when Length is empty (Stm32Erase target).</summary>
public sealed class Stm32Erase : Stm32ProbeTask
{
    /// <summary>The first address (Stm32EraseStart); empty: the first bank's start.</summary>
    public string? Start { get; set; }

    /// <summary>The byte count (Stm32EraseLength); empty: both banks entirely.</summary>
    public string? Length { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var device = ResolveDevice();
        uint? start = string.IsNullOrWhiteSpace(Start) ? null : ImageFileSpec.ParseAddress(Start) ?? throw Invalid("Stm32EraseStart", Start, "an address (0x08000000)");
        uint? length = string.IsNullOrWhiteSpace(Length) ? null : ImageFileSpec.ParseAddress(Length) ?? throw Invalid("Stm32EraseLength", Length, "a byte count (0x20000 or 131072)");
        Log.LogMessage(MessageImportance.High, length is null ? $"Stm32.Build: erasing both banks of the {device.Name}" : $"Stm32.Build: erasing {length} bytes from {Diagnostics.Diagnostic.Hex(start ?? device.FlashBanks[0].Start)}");
        var report = RunPipeline(device, (p, ct) => p.EraseAsync(device, ParseConnect(), start, length, ct));
        if (report is { Succeeded: true })
        {
            ResultLine.Log(this, Log, report.MassErased ? $"erased both banks of the {device.Name}" : $"erased sectors {string.Join(", ", report.SectorsErased)} of the {device.Name}");
        }
    }
}
