using System.Globalization;
using Microsoft.Build.Framework;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard.Driver;

using Stm32.Build.Tasks.Terminal;

namespace Stm32.Build.Tasks;

/// <summary>
/// Shows the probe and the target (Stm32Info target): firmware, target voltage, DP IDCODE, DEV_ID/REV_ID with the
/// revision, device, flash size, unique ID and the option bytes. Connects without halting or resetting.
/// </summary>
public sealed class Stm32Info : Stm32Task
{
    /// <summary>The probe selection (Stm32Probe).</summary>
    public string? Probe { get; set; }

    /// <summary>The device, when known (Stm32Device); for the sim probe, the device simulated.</summary>
    public string? Device { get; set; }

    /// <summary>For the sim probe: the state file (Stm32SimStateFile).</summary>
    public string? SimStateFile { get; set; }

    /// <summary>For the sim probe: the board, a bundled board's name or a board file (Stm32SimBoard).</summary>
    public string? SimBoard { get; set; }

    /// <summary>The supply wiring of the board (Stm32BoardSupply), overriding the board description's.</summary>
    public string? BoardSupply { get; set; }

    /// <summary>under-reset to hold NRST while connecting (Stm32Connect); anything else connects normally.</summary>
    public string? Connect { get; set; }

    /// <summary>The DEV_ID read (hex, e.g. 0x450).</summary>
    [Output] public string DevId { get; private set; } = string.Empty;

    static Stm32Info() => VirtualBoardProbes.Register();

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var device = string.IsNullOrWhiteSpace(Device) ? null : DeviceCatalog.BuiltIn.Get(Device.Trim());
        var options = new ProbeOpenOptions
        {
            ConnectUnderReset = string.Equals(Connect?.Trim(), "under-reset", StringComparison.OrdinalIgnoreCase),
            Simulator = SimulatorSettings.For(device?.Name, SimStateFile, SimBoard, BoardSupply),
            Waiting = message => Log.LogMessage(MessageImportance.High, "Stm32.Build: " + message),
        };
        var selection = string.IsNullOrWhiteSpace(Probe) ? "auto" : Probe.Trim();
        using var probe = StLinkProbe.Open(selection, options);
        var rows = new List<string>();
        void Row(string name, string value) => rows.Add($"{name + ":",-17}{value}");
        Row("probe", $"{probe.Descriptor.DisplayName} ({probe.Descriptor.Selection})");
        Row("firmware", probe.Version.ShortName);
        Row("DP IDCODE", Diagnostic.Hex(probe.DpIdcode));
        var id = probe.IdentifyTarget(device);
        DevId = "0x" + id.DevId.ToString("X3", CultureInfo.InvariantCulture);
        Row("DEV_ID", string.Create(CultureInfo.InvariantCulture, $"{DevId}, REV_ID 0x{id.RevId:X4}, revision {id.Revision ?? "unknown"}"));
        Row("device", id.Device?.Name ?? (id.Candidates.Count > 0 ? "one of " + string.Join(", ", id.Candidates.Select(c => c.Name)) : "not in the device data"));
        Row("flash size", id.FlashSizeKiB is int kib ? string.Create(CultureInfo.InvariantCulture, $"{kib} KiB") : "not read");
        Row("unique ID", id.UniqueIdText ?? "not read");
        if (id.OptionBytes is { } ob)
        {
            Row("option bytes", ob.Summary);
        }
        // One result: a heading line, then the rows (the terminal logger shows it on the project's finished line).
        var heading = $"target {id.Device?.Name ?? "not in the device data"} through {probe.Descriptor.Selection}";
        ResultLine.Log(this, Log, heading + "\n" + string.Join("\n", rows));
    }
}
