using System.CommandLine;
using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Stm32.Build.StLink.Transport.Usb;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Cli.Options;
using Stm32.Cli.Output;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 probes [--server HOST[:PORT]] [--format text|json]</c>: lists the ST-LINK probes attached over USB (generation, firmware,
/// serial, VID:PID and the <c>--probe</c> value that selects each), those an ST-LINK server shares, and the
/// virtual board. With no probe: "no ST-LINK found", the VID:PIDs searched, what to check, and exit code 3.
/// </summary>
public static class ProbesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = "Also list the probes of an ST-LINK server at HOST[:PORT] (default port 7184)." };
        var format = CliOptions.Format();
        var command = new Command("probes", "List the ST-LINK probes attached (USB, an ST-LINK server) and the virtual board.");
        command.Options.Add(server);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var selection = parse.GetValue(server) is { } text ? ProbeSelection.Parse("tcp://" + text) : null;
            var warnings = new List<Diagnostic>();
            var found = new List<(ProbeDescriptor Probe, string Firmware)>();
            try
            {
                found.AddRange(StLinkProbe.ListUsb().Select(p => (p, Firmware(p))));
            }
            catch (ProbeException ex)
            {
                warnings.Add(ex.Diagnostic with { Severity = DiagnosticSeverity.Warning });
            }
            if (selection is not null)
            {
                found.AddRange(StLinkProbe.ListServer(selection.Host!, selection.Port).Select(p => (p, "-")));
            }
            if (parse.GetValue(format) == "json")
            {
                WriteJson(output, found, warnings);
                return found.Count == 0 ? ExitCodes.NoProbe : ExitCodes.Success;
            }
            foreach (var warning in warnings)
            {
                error.WriteLine(warning.ToCanonicalString());
            }
            foreach (var (probe, firmware) in found)
            {
                output.WriteLine(Line(probe, firmware));
            }

            if (found.Count == 0)
            {
                output.WriteLine("no ST-LINK found");
                output.WriteLine("  searched USB VID:PID " + string.Join(", ", LibUsbContext.SearchedIds));
                output.WriteLine("  check the USB cable and that the probe's LED is lit");
                output.WriteLine("  Linux: install docs/udev/49-stm32-build-stlink.rules into /etc/udev/rules.d, run `sudo udevadm control --reload && sudo udevadm trigger`, re-plug the probe");
                output.WriteLine("  containers: pass the USB bus through (docker run --device /dev/bus/usb ...); WSL: attach the probe with usbipd");
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"sim",-34} virtual ST-LINK/V3 + STM32H747XI, state in {SimulatorState.DefaultDirectory} (use --probe sim)"));
            output.WriteLine($"{"tcp://HOST:PORT[/SERIAL]",-34} probes shared by an ST-LINK server (stlink-server, or `stm32 sim serve`; list them with --server HOST:PORT)");
            return found.Count == 0 ? ExitCodes.NoProbe : ExitCodes.Success;
        });
        return command;
    }

    private static void WriteJson(TextWriter output, List<(ProbeDescriptor Probe, string Firmware)> found, List<Diagnostic> warnings) =>
        JsonOutput.WriteObject(output, json =>
        {
            json.WriteStartArray("probes");
            foreach (var (probe, firmware) in found)
            {
                json.WriteStartObject();
                json.WriteString("selection", probe.Selection);
                json.WriteString("model", probe.Model);
                json.WriteString("firmware", firmware);
                json.WriteString("serial", probe.SerialNumber);
                json.WriteString("usbId", probe.UsbId);
                json.WriteString("location", probe.Location);
                json.WriteBoolean("supported", probe.Supported);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("searchedUsbIds");
            foreach (var id in LibUsbContext.SearchedIds)
            {
                json.WriteStringValue(id);
            }
            json.WriteEndArray();
            json.WriteString("simulator", "sim");
            json.WriteString("simulatorStateDirectory", SimulatorState.DefaultDirectory);
            DiagnosticJson.WriteArray(json, "diagnostics", warnings);
        });

    private static string Line(ProbeDescriptor probe, string firmware) => string.Create(CultureInfo.InvariantCulture,
        $"{probe.Selection,-34} ST-LINK/{probe.Model,-14} firmware {firmware,-14} serial {probe.SerialNumber}  {probe.UsbId}  {probe.Location}{(probe.Supported ? "" : "  (not supported)")}");

    /// <summary>Reads the firmware version without connecting to a target; "?" when the probe cannot be opened now (in use, no access).</summary>
    private static string Firmware(ProbeDescriptor probe)
    {
        if (!probe.Supported || probe.SerialNumber == "?")
        {
            return "?";
        }
        try
        {
            using var open = StLinkProbe.Open(UsbTransport.Open(probe.SerialNumber), new ProbeOpenOptions { Connect = false, LockTimeout = TimeSpan.Zero });
            return open.Version.ShortName;
        }
        catch (ProbeException)
        {
            return "? (in use)";
        }
    }
}
