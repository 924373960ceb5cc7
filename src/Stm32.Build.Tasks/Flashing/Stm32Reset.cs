using Microsoft.Build.Framework;
using Stm32.Build.Flashing.Pipeline;

using Stm32.Build.Tasks.Terminal;

namespace Stm32.Build.Tasks;

/// <summary>Resets the target (Stm32Reset target): software (default, AIRCR.SYSRESETREQ), hardware (NRST) or core (halt at the reset handler).</summary>
public sealed class Stm32Reset : Stm32ProbeTask
{
    /// <summary>software, hardware or core (Stm32ResetKind).</summary>
    public string? Kind { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var device = ResolveDevice();
        var kind = (Kind ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "software" => ResetKind.Software,
            "hardware" => ResetKind.Hardware,
            "core" => ResetKind.Core,
            var other => throw Invalid("Stm32ResetKind", other, "software, hardware or core"),
        };
        var report = RunPipeline(device, (p, ct) => p.ResetAsync(device, kind, ParseConnect(), ct));
        if (report is { Succeeded: true })
        {
            var boot = report.Boot.FirstOrDefault();
            ResultLine.Log(this, Log, boot is null
                ? $"{kind.ToString().ToLowerInvariant()} reset of the {device.Name} done"
                : $"{kind.ToString().ToLowerInvariant()} reset of the {device.Name} done, {boot.Core} at PC {boot.ActualPc}, SP {boot.ActualSp}{(kind == ResetKind.Core ? " (halted)" : "")}");
        }
    }
}
