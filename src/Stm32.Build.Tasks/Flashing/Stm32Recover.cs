using Microsoft.Build.Framework;

using Stm32.Build.Tasks.Terminal;

namespace Stm32.Build.Tasks;

/// <summary>
/// The recovery sequence (Stm32Recover target): connect under reset, erase both banks, prove the flash blank.
/// Pull BOOT0 high and power-cycle the board first, so the firmware that locked the debug port does not start.
/// </summary>
public sealed class Stm32Recover : Stm32ProbeTask
{
    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var device = ResolveDevice();
        Log.LogMessage(MessageImportance.High, $"Stm32.Build: recovering the {device.Name}: connect under reset, erase both banks, read back blank.");
        var report = RunPipeline(device, (p, ct) => p.RecoverAsync(device, ct));
        if (report is { Succeeded: true })
        {
            ResultLine.Log(this, Log, $"recovered the {device.Name}, the flash reads blank; pull BOOT0 low and power-cycle the board before flashing again");
        }
    }
}
