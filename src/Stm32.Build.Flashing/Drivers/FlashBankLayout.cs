using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>The flash organisation in effect on a chip: the bank mode its option bit selects.</summary>
public static class FlashBankLayout
{
    /// <summary>
    /// The banks in effect: <see cref="DeviceDescription.FlashBanks"/> when the device has one organisation,
    /// otherwise the <see cref="DeviceDescription.BankModes"/> entry whose option value the chip holds, read through
    /// <paramref name="readRegister"/> (a 32-bit read at an absolute address).
    /// </summary>
    /// <exception cref="FlashException">The option holds a value no mode has (STM4801).</exception>
    public static IReadOnlyList<FlashBank> InEffect(DeviceDescription device, Func<uint, uint> readRegister)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(readRegister);
        if (device.BankModes.Count == 0)
        {
            return device.FlashBanks;
        }
        var option = device.BankModes[0].Option;
        var (register, field) = device.FindOptionField(option)
            ?? throw FlashErrors.Create(DiagnosticCodes.BankModeUnknown, $"the {device.Name} has no option field {option}");
        var value = field.Get(readRegister(device.FlashRegistersBase + register.Offset));
        return device.BankModes.FirstOrDefault(m => m.Value == value)?.FlashBanks
            ?? throw FlashErrors.Create(DiagnosticCodes.BankModeUnknown,
                $"{option} reads {value} on the {device.Name}, which selects none of its flash organisations ({string.Join(", ", device.BankModes.Select(m => $"{m.Name}: {m.Value}"))}); nothing was erased");
    }
}
