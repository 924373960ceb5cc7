using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;

namespace Stm32.Build.Flashing.Tests.Drivers;

/// <summary>The bank mode an option bit selects, read from the chip (RM0410 3.3.2 nDBANK, RM0090 3.3 DB1M, RM0440 3.3.1 DBANK).</summary>
public sealed class FlashBankLayoutTests
{
    [Theory]
    [InlineData("STM32F767ZI", 0x14u, 0x0FFF_AAEDu | (1u << 29), 1)]
    [InlineData("STM32F767ZI", 0x14u, 0x0FFF_AAEDu & ~(1u << 29), 2)]
    [InlineData("STM32F429ZG", 0x14u, 0x0FFF_AAEDu | (1u << 30), 2)]
    [InlineData("STM32G474RE", 0x20u, 0xFFEF_F8AAu & ~(1u << 22), 1)]
    [InlineData("STM32G474RE", 0x20u, 0xFFEF_F8AAu, 2)]
    [InlineData("STM32H747XI", 0x1Cu, 0u, 2)]
    public void The_option_bit_selects_the_banks(string name, uint offset, uint value, int banks)
    {
        var device = DeviceCatalog.BuiltIn.Get(name);
        var layout = FlashBankLayout.InEffect(device, a => a == device.FlashRegistersBase + offset ? value : 0);
        Assert.Equal(banks, layout.Count);
        Assert.Equal(device.FlashSize, (uint)layout.Sum(b => (long)b.Size));
    }

    [Fact]
    public void A_value_no_mode_has_is_a_coded_error()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32F767ZI") with
        {
            BankModes = [DeviceCatalog.BuiltIn.Get("STM32F767ZI").BankModes[0]],
        };
        var ex = Assert.Throws<FlashException>(() => FlashBankLayout.InEffect(device, _ => 0));
        Assert.Equal(DiagnosticCodes.BankModeUnknown, ex.Code);
        Assert.Contains("OPTCR.nDBANK reads 0", ex.Message);
    }
}
