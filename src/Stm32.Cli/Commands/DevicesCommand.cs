using System.CommandLine;
using System.Globalization;
using Stm32.Build.Devices;

namespace Stm32.Cli.Commands;

/// <summary><c>stm32 devices</c>: lists the devices in the device data.</summary>
public static class DevicesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("devices", "List the devices the product knows, with flash and cores.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
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
}
