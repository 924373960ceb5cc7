using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Cli.Options;
using Stm32.Cli.Output;

namespace Stm32.Cli.Commands;

/// <summary>
/// <c>stm32 info --probe SEL [--device NAME] [--format text|json]</c>: the probe (generation, firmware, target voltage, SWD clock) and the
/// target (DP IDCODE, DBGMCU DEV_ID/REV_ID with the revision letter, device, flash size, unique ID and, on the
/// STM32H7, the option bytes in effect from FLASH_OPTSR_CUR/BOOT7_CUR/BOOT4_CUR, RM0399 4.9).
/// Exit codes: 3 when no probe is found, 4 when the target does not answer.
/// </summary>
public static class InfoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var probeOption = CliOptions.Probe();
        var deviceOption = new Option<string?>("--device") { Description = "The device, when known (otherwise found from DEV_ID and flash size); for --probe sim, the device simulated." };
        var underReset = new Option<bool>("--connect-under-reset") { Description = "Hold NRST low while connecting (for targets whose firmware disables SWD)." };
        var state = new Option<string?>("--state") { Description = "For --probe sim: the virtual board's state file (default: " + SimulatorState.DefaultDirectory + "/<device>.state)." };
        var format = CliOptions.Format();
        var command = new Command("info", "Show the probe and the target: firmware, voltage, IDCODEs, revision, flash size, unique ID, option bytes.");
        command.Options.Add(probeOption);
        command.Options.Add(deviceOption);
        command.Options.Add(underReset);
        command.Options.Add(state);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var device = parse.GetValue(deviceOption) is { } name ? DeviceCatalog.BuiltIn.Get(name) : null;
            if (parse.GetValue(state) is { } statePath)
            {
                OutputFile.CheckState(statePath, "--state");
            }
            var options = new ProbeOpenOptions
            {
                ConnectUnderReset = parse.GetValue(underReset),
                Simulator = parse.GetValue(state) is { } stateFile
                    ? new Dictionary<string, string> { [SimulatorProperties.Device] = device?.Name ?? "STM32H747XI", [SimulatorProperties.State] = stateFile }
                    : new Dictionary<string, string> { [SimulatorProperties.Device] = device?.Name ?? "STM32H747XI" },
                Waiting = message => error.WriteLine("stm32: " + message),
            };
            try
            {
                using var probe = StLinkProbe.Open(parse.GetValue(probeOption)!, options);
                if (parse.GetValue(format) == "json")
                {
                    WriteJson(output, probe, device);
                    return ExitCodes.Success;
                }
                foreach (var warning in ProbeChecks.FirmwareWarnings(probe.Version, device, clockAsked: false))
                {
                    error.WriteLine(warning.ToCanonicalString());
                }
                Print(output, probe, device);
                return ExitCodes.Success;
            }
            catch (ProbeException ex) when (ex.Code is DiagnosticCodes.NoProbeFound or DiagnosticCodes.TargetNotPowered or DiagnosticCodes.DebugPortNotResponding)
            {
                error.WriteLine(ex.Diagnostic.ToCanonicalString());
                return ex.Code == DiagnosticCodes.NoProbeFound ? ExitCodes.NoProbe : ExitCodes.NoTarget;
            }
        });
        return command;
    }

    private static void Print(TextWriter output, StLinkProbe probe, DeviceDescription? device)
    {
        void Row(string name, string value) => output.WriteLine($"{name + ":",-17}{value}");
        var v = probe.Version;
        Row("probe", $"{probe.Descriptor.DisplayName} ({probe.Descriptor.Selection})");
        Row("firmware", $"{v.ShortName} (ST-LINK/{v.Generation.ToString().Replace('_', '-')}, VID:PID {v.VendorId:x4}:{v.ProductId:x4})");
        if (v.Has(StLinkFeatures.TargetVoltage))
        {
            Row("target voltage", string.Create(CultureInfo.InvariantCulture, $"{probe.ReadTargetVoltage():0.00} V"));
        }
        if (probe.SwdFrequencyKhz > 0)
        {
            Row("SWD clock", string.Create(CultureInfo.InvariantCulture, $"{probe.SwdFrequencyKhz} kHz"));
        }
        Row("DP IDCODE", Diagnostic.Hex(probe.DpIdcode));
        var id = probe.IdentifyTarget(device);
        Row("DBGMCU IDCODE", string.Create(CultureInfo.InvariantCulture,
            $"{Diagnostic.Hex(id.DbgmcuIdcode)} (DEV_ID 0x{id.DevId:X3}, REV_ID 0x{id.RevId:X4}, revision {id.Revision ?? "unknown"})"));
        if (id.Device is { } d)
        {
            Row("device", $"{d.Name} ({d.ReferenceManual})");
        }
        else if (id.Candidates.Count > 0)
        {
            Row("device", $"one of {string.Join(", ", id.Candidates.Select(c => c.Name))} (use --device to name it)");
        }
        else
        {
            Row("device", "not in the device data");
        }
        Row("flash size", id.FlashSizeKiB is int kib ? string.Create(CultureInfo.InvariantCulture, $"{kib} KiB") : "not read");
        Row("unique ID", id.UniqueIdText ?? "not read");
        if (id.OptionBytes is { } ob)
        {
            Row("option bytes", ob.Summary);
        }
        // Parts sharing a DEV_ID share their flash interface: the first candidate says where the protection state is.
        if ((id.Device ?? device ?? id.Candidates.FirstOrDefault()) is { Protection: not null } known)
        {
            Row("protection", Protection(probe, known));
        }
    }

    /// <summary>RDP level, write-protected sectors and PCROP/secure areas, read from the option registers the device data names.</summary>
    private static string Protection(StLinkProbe probe, DeviceDescription device)
    {
        try
        {
            uint Read(uint address) => probe.ReadWord(device.Cores[0].AccessPort, address);
            return FlashProtection.Read(device, FlashBankLayout.InEffect(device, Read), Read).Summary;
        }
        catch (Stm32Exception ex)
        {
            return "not read (" + ex.Message + ")";
        }
    }

    private static void WriteJson(TextWriter output, StLinkProbe probe, DeviceDescription? device)
    {
        var v = probe.Version;
        double? volts = v.Has(StLinkFeatures.TargetVoltage) ? Math.Round(probe.ReadTargetVoltage(), 2) : null;
        var id = probe.IdentifyTarget(device);
        var warnings = ProbeChecks.FirmwareWarnings(v, device ?? id.Device, clockAsked: false).ToList();
        JsonOutput.WriteObject(output, json =>
        {
            json.WriteStartObject("probe");
            json.WriteString("name", probe.Descriptor.DisplayName);
            json.WriteString("selection", probe.Descriptor.Selection);
            json.WriteString("firmware", v.ShortName);
            json.WriteString("generation", v.Generation.ToString().Replace('_', '-'));
            json.WriteString("usbId", $"{v.VendorId:x4}:{v.ProductId:x4}");
            if (volts is double measured)
            {
                json.WriteNumber("targetVoltage", measured);
            }
            if (probe.SwdFrequencyKhz > 0)
            {
                json.WriteNumber("swdKhz", probe.SwdFrequencyKhz);
            }
            json.WriteEndObject();
            json.WriteStartObject("target");
            json.WriteString("dpIdcode", Diagnostic.Hex(probe.DpIdcode));
            json.WriteString("dbgmcuIdcode", Diagnostic.Hex(id.DbgmcuIdcode));
            json.WriteString("devId", string.Create(CultureInfo.InvariantCulture, $"0x{id.DevId:X3}"));
            json.WriteString("revId", string.Create(CultureInfo.InvariantCulture, $"0x{id.RevId:X4}"));
            if (id.Revision is not null)
            {
                json.WriteString("revision", id.Revision);
            }
            if (id.Device is { } d)
            {
                json.WriteString("device", d.Name);
            }
            json.WriteStartArray("candidates");
            foreach (var c in id.Candidates)
            {
                json.WriteStringValue(c.Name);
            }
            json.WriteEndArray();
            if (id.FlashSizeKiB is int kib)
            {
                json.WriteNumber("flashSizeKiB", kib);
            }
            if (id.UniqueIdText is { } uid)
            {
                json.WriteString("uniqueId", uid);
            }
            if (id.OptionBytes is { } ob)
            {
                json.WriteStartObject("optionBytes");
                json.WriteString("summary", ob.Summary);
                json.WriteNumber("rdpLevel", ob.RdpLevel);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            DiagnosticJson.WriteArray(json, "diagnostics", warnings);
        });
    }
}
