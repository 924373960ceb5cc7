using Microsoft.Build.Framework;
using Stm32.Build.Flashing;

using Stm32.Build.Tasks.Terminal;

namespace Stm32.Build.Tasks;

/// <summary>
/// The recovery sequence (Stm32Recover target): connect under reset, erase every bank, prove the flash blank.
/// Pull BOOT0 high and power-cycle the board first, so the firmware that locked the debug port does not start.
/// With <see cref="RdpRegression"/> (Stm32RdpRegression) and <see cref="ConfirmMassErase"/> (Stm32ConfirmMassErase),
/// a chip at readout protection level 1 is brought back to level 0, which erases its whole flash.
/// </summary>
public sealed class Stm32Recover : Stm32ProbeTask
{
    /// <summary>true to regress readout protection from level 1 to 0 (Stm32RdpRegression; default false).</summary>
    public string? RdpRegression { get; set; }

    /// <summary>The confirmation the RDP regression needs, as it erases the whole flash (Stm32ConfirmMassErase).</summary>
    public string? ConfirmMassErase { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var device = ResolveDevice();
        var options = new RecoverOptions { RdpRegression = Flag(RdpRegression, false, Stm32Names.FlashProperties.RdpRegression), ConfirmMassErase = Flag(ConfirmMassErase, false, Stm32Names.FlashProperties.ConfirmMassErase) };
        Log.LogMessage(MessageImportance.High, options.RdpRegression
            ? $"Stm32.Build: recovering the {device.Name}: connect under reset, regress readout protection to level 0 (the chip erases its flash), read back blank."
            : $"Stm32.Build: recovering the {device.Name}: connect under reset, erase every bank, read back blank.");
        var report = RunPipeline(device, (p, ct) => p.RecoverAsync(device, options, ct));
        if (report is { Succeeded: true })
        {
            ResultLine.Log(this, Log, $"recovered the {device.Name}, the flash reads blank; pull BOOT0 low and power-cycle the board before flashing again");
        }
    }
}
