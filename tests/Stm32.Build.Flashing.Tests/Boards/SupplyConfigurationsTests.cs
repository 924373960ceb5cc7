using Stm32.Build.Devices;
using Stm32.Build.Flashing.Boards;

namespace Stm32.Build.Flashing.Tests.Boards;

/// <summary>PWR_CR3 decoded to the HAL's supply names: the values are those of ST's stm32h7xx_hal_pwr_ex.h.</summary>
public sealed class SupplyConfigurationsTests
{
    [Theory]
    [InlineData(0x02u, "PWR_LDO_SUPPLY")]
    [InlineData(0x04u, "PWR_DIRECT_SMPS_SUPPLY")]
    [InlineData(0x16u, "PWR_SMPS_1V8_SUPPLIES_LDO")]
    [InlineData(0x26u, "PWR_SMPS_2V5_SUPPLIES_LDO")]
    [InlineData(0x1Eu, "PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO")]
    [InlineData(0x2Eu, "PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO")]
    [InlineData(0x1Du, "PWR_SMPS_1V8_SUPPLIES_EXT")]
    [InlineData(0x2Du, "PWR_SMPS_2V5_SUPPLIES_EXT")]
    [InlineData(0x01u, "PWR_EXTERNAL_SOURCE_SUPPLY")]
    [InlineData(0x06u, null)]            // the power-on default: SMPS and LDO, no level
    [InlineData(0x00u, null)]
    [InlineData(0x03u, null)]            // LDO and bypass together is in no row of the table
    [InlineData(0x0500_0102u, "PWR_LDO_SUPPLY")] // other PWR_CR3 bits (VBE, USB33DEN, USBREGEN) do not matter
    public void The_h747_names_every_configuration_of_the_manual(uint cr3, string? name)
    {
        var register = SupplyConfigurations.Register(DeviceCatalog.BuiltIn.Get("STM32H747XI"))!;
        Assert.Equal(0x5802_480Cu, register.Address); // RM0399 7.8.4: PWR base 0x58024800 + 0x0C
        Assert.Equal(name, SupplyConfigurations.Name(register, cr3));
    }

    [Theory]
    [InlineData(0x02u, "PWR_LDO_SUPPLY")]
    [InlineData(0x01u, "PWR_EXTERNAL_SOURCE_SUPPLY")]
    [InlineData(0x04u, null)] // no SMPS on the H743
    public void The_h743_has_ldo_and_bypass_only(uint cr3, string? name)
    {
        var register = SupplyConfigurations.Register(DeviceCatalog.BuiltIn.Get("STM32H743ZI"))!;
        Assert.Equal(name, SupplyConfigurations.Name(register, cr3));
    }

    [Fact]
    public void A_device_without_a_configurable_supply_has_no_register()
    {
        Assert.Null(SupplyConfigurations.Register(DeviceCatalog.BuiltIn.Get("STM32F407VG")));
    }
}
