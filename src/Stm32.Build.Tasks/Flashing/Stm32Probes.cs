using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Stm32.Build.VirtualBoard.Driver;

using Stm32.Build.Tasks.Terminal;

namespace Stm32.Build.Tasks;

/// <summary>
/// Lists the ST-LINK probes (Stm32Probes target): USB (through the system's libusb-1.0), an ST-LINK server when
/// <see cref="Server"/> is set, and the virtual board. Never connects to a target. Finding none is not an error.
/// </summary>
public sealed class Stm32Probes : Stm32Task
{
    /// <summary>An ST-LINK server HOST[:PORT] whose probes to list too (Stm32ProbeServer).</summary>
    public string? Server { get; set; }

    /// <summary>The probes found, with Selection, Model and SerialNumber metadata (the identity is the selection string).</summary>
    [Output] public ITaskItem[] Probes { get; private set; } = [];

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var found = new List<ProbeDescriptor>();
        try
        {
            found.AddRange(StLinkProbe.ListUsb());
        }
        catch (ProbeException ex)
        {
            // No libusb-1.0 on this machine, or no access to USB: say so and go on (the virtual board still works).
            Log.LogWarning(null, ex.Code, null, Stm32ProbeTask.HelpBase + ex.Code.ToLowerInvariant(), null, 0, 0, 0, 0, ex.Diagnostic.Message);
        }
        if (!string.IsNullOrWhiteSpace(Server))
        {
            var selection = ProbeSelection.Parse("tcp://" + Server.Trim());
            found.AddRange(StLinkProbe.ListServer(selection.Host!, selection.Port));
        }
        var items = new List<ITaskItem>();
        var rows = new List<string>();
        foreach (var probe in found)
        {
            var item = new TaskItem(probe.Selection);
            item.SetMetadata(Stm32Names.FlashItems.Metadata.Selection, probe.Selection);
            item.SetMetadata(Stm32Names.FlashItems.Metadata.Model, probe.Model);
            item.SetMetadata(Stm32Names.FlashItems.Metadata.SerialNumber, probe.SerialNumber);
            items.Add(item);
            rows.Add($"{probe.Selection,-34} ST-LINK/{probe.Model} serial {probe.SerialNumber} {probe.UsbId} {probe.Location}{(probe.Supported ? "" : " (not supported)")}");
        }
        if (found.Count == 0)
        {
            rows.Add("no ST-LINK found (" + StLinkProbe.NoProbeHint + ")");
        }
        rows.Add($"{"sim",-34} virtual ST-LINK/V3 + STM32H747XI, state in {SimulatorState.DefaultDirectory} (Stm32Probe=sim)");
        // One result: a heading line, then one row per probe (the terminal logger shows it on the project's finished line).
        ResultLine.Log(this, Log, $"{found.Count} ST-LINK probe(s) found, and the virtual board\n" + string.Join("\n", rows));
        Probes = [.. items];
    }
}
