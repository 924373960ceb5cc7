using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Cli.Options;
using Stm32.Cli.Output;

namespace Stm32.Cli.Commands;

/// <summary><c>stm32 devices</c>: lists the devices in the device data.</summary>
public static class DevicesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var format = CliOptions.Format();
        var command = new Command("devices", "List the devices the product knows, with flash and cores.") { format };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
            {
                WriteJson(output);
                return ExitCodes.Success;
            }
            foreach (var device in DeviceCatalog.BuiltIn.Devices.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var modes = device.BankModes.Count > 1
                    ? " (" + string.Join(", ", device.BankModes.Where(m => !m.Factory).Select(m => $"{m.FlashBanks.Count} with {m.Option}={m.Value}")) + ")"
                    : "";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{device.Name,-14} DEV_ID 0x{device.DevId:X3}  flash {device.FlashSize / 1024,5} KiB in {device.FlashBanks.Count} bank(s){modes}  cores {string.Join("+", device.Cores.Select(c => c.Name))}  {device.ReferenceManual}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteJson(TextWriter output) => JsonOutput.Write(output, json =>
    {
        json.WriteStartArray();
        foreach (var device in DeviceCatalog.BuiltIn.Devices.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", device.Name);
            json.WriteString("family", device.Family);
            json.WriteString("devId", string.Create(CultureInfo.InvariantCulture, $"0x{device.DevId:X3}"));
            json.WriteNumber("flashBytes", device.FlashSize);
            json.WriteStartArray("banks");
            foreach (var bank in device.FlashBanks)
            {
                json.WriteStartObject();
                json.WriteNumber("number", bank.Number);
                json.WriteString("start", Diagnostic.Hex(bank.Start));
                json.WriteNumber("bytes", bank.Size);
                json.WriteNumber("sectors", bank.SectorCount);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("cores");
            foreach (var core in device.Cores)
            {
                json.WriteStartObject();
                json.WriteString("name", core.Name);
                json.WriteNumber("accessPort", core.AccessPort);
                json.WriteString("bootAddress", Diagnostic.Hex(core.DefaultBootAddress));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("referenceManual", device.ReferenceManual);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });
}
