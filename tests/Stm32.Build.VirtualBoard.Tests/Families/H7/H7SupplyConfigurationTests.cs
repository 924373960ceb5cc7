using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.H7;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>Decoding PWR_CR3 and the compatibility of each configuration with each wiring (RM0399 7.4, table "Supply configuration control").</summary>
public sealed class H7SupplyConfigurationTests
{
    /// <summary>The PWR_CR3 values ST's HAL writes for each configuration (SDLEVEL 5:4, SDEXTHP 3, SDEN 2, LDOEN 1, BYPASS 0).</summary>
    public static TheoryData<SupplyWiring, uint> HalValues => new()
    {
        { SupplyWiring.Ldo, 0x02 },
        { SupplyWiring.DirectSmps, 0x04 },
        { SupplyWiring.Smps1V8SuppliesLdo, 0x16 },
        { SupplyWiring.Smps2V5SuppliesLdo, 0x26 },
        { SupplyWiring.Smps1V8SuppliesExtAndLdo, 0x1E },
        { SupplyWiring.Smps2V5SuppliesExtAndLdo, 0x2E },
        { SupplyWiring.Smps1V8SuppliesExt, 0x1D },
        { SupplyWiring.Smps2V5SuppliesExt, 0x2D },
        { SupplyWiring.Bypass, 0x01 },
    };

    [Theory]
    [MemberData(nameof(HalValues))]
    public void Each_hal_value_decodes_to_its_configuration_and_only_its_own_wiring_takes_it(SupplyWiring wiring, uint value)
    {
        Assert.Equal(value, H7SupplyConfiguration.Value(wiring));
        Assert.Equal(wiring, H7SupplyConfiguration.Decode(value, smps: true));
        foreach (var board in Enum.GetValues<SupplyWiring>())
        {
            Assert.Equal(board == wiring, H7SupplyConfiguration.Accepts(board, value, smps: true));
        }
    }

    [Fact]
    public void The_power_on_default_is_taken_by_every_wiring_and_unlisted_combinations_by_none()
    {
        foreach (var board in Enum.GetValues<SupplyWiring>())
        {
            Assert.True(H7SupplyConfiguration.Accepts(board, 0x06, smps: true));
            Assert.False(H7SupplyConfiguration.Accepts(board, 0x00, smps: true)); // no regulator at all
            Assert.False(H7SupplyConfiguration.Accepts(board, 0x0C, smps: true)); // SDEXTHP without SDLEVEL and LDO
        }
        Assert.Null(H7SupplyConfiguration.Decode(0x06, smps: true));
    }

    [Fact]
    public void Parts_without_smps_have_the_ldo_and_bypass_only()
    {
        Assert.Equal(SupplyWiring.Ldo, H7SupplyConfiguration.Decode(0x02, smps: false));
        Assert.Equal(SupplyWiring.Bypass, H7SupplyConfiguration.Decode(0x01, smps: false));
        Assert.Null(H7SupplyConfiguration.Decode(0x03, smps: false));
        Assert.Equal([SupplyWiring.Ldo, SupplyWiring.Bypass], H7SupplyConfiguration.Available(smps: false));
        Assert.True(H7SupplyConfiguration.HasSmps(DeviceCatalog.BuiltIn.Get("STM32H747XI")));
        Assert.True(H7SupplyConfiguration.HasSmps(DeviceCatalog.BuiltIn.Get("STM32H745ZI")));
        Assert.False(H7SupplyConfiguration.HasSmps(DeviceCatalog.BuiltIn.Get("STM32H743ZI")));
        Assert.False(H7SupplyConfiguration.HasSmps(DeviceCatalog.BuiltIn.Get("STM32H723ZG")));
    }
}
