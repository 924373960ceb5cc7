using Stm32.Build.Registers;
using Xunit;

namespace Stm32.Build.Tests.Registers;

/// <summary>
/// The F1, F4, F7, G0, G4 and L4 tables against facts from their manuals (PM0075/RM0008, RM0090, RM0368, RM0385,
/// RM0410, RM0444, RM0440, RM0351, RM0394): the flash interfaces the flash drivers program, and corrections of the
/// SVDs.
/// </summary>
public class RegisterTableFamilyFactsTests
{
    [Fact]
    public void F103_flash_control_bits_follow_PM0075()
    {
        var flash = RegisterTable.Load("STM32F103")["FLASH"];
        Assert.Equal(0x4002_2000u, flash.BaseAddress);                 // RM0008 3.3 memory map
        Assert.Equal(0x04u, flash["KEYR"].Offset);                      // PM0075 3.4 register map
        var cr = flash["CR"];
        Assert.Equal(0x10u, cr.Offset);
        Assert.Equal(0x0000_0080u, cr.ResetValue);                      // LOCK set after reset
        Assert.Equal(0, cr["PG"].Position);
        Assert.Equal(1, cr["PER"].Position);
        Assert.Equal(2, cr["MER"].Position);
        Assert.Equal(4, cr["OPTPG"].Position);
        Assert.Equal(5, cr["OPTER"].Position);
        Assert.Equal(6, cr["STRT"].Position);
        Assert.Equal(7, cr["LOCK"].Position);
        Assert.Equal(9, cr["OPTWRE"].Position);
        Assert.Equal(0x14u, flash["AR"].Offset);
        var sr = flash["SR"];
        Assert.Equal(RegisterAccess.ReadOnly, sr["BSY"].Access);
        Assert.Equal(ModifiedWrite.WriteOneToClear, sr["EOP"].ModifiedWrite);  // rc_w1
        Assert.Equal(5, sr["EOP"].Position);
        Assert.Equal(ModifiedWrite.WriteOneToClear, sr["PGERR"].ModifiedWrite);
        Assert.Equal(42, RegisterTable.Load("STM32F103").FindInterrupt("USBWakeUp")?.Number); // RM0008 Table 63
    }

    [Theory]
    [InlineData("STM32F401", 6, 3)]    // RM0368 3.8.5: SNB[3:0] bits 6:3
    [InlineData("STM32F407", 6, 3)]    // RM0090 3.9.5 (F405/F407)
    [InlineData("STM32F411", 6, 3)]    // RM0383 3.8.5
    [InlineData("STM32F429", 7, 3)]    // RM0090 3.9.5 (F42x: SNB[4:0])
    [InlineData("STM32F446", 6, 3)]    // RM0390 3.8.5
    [InlineData("STM32F746", 6, 3)]    // RM0385 3.7.5
    [InlineData("STM32F767", 7, 3)]    // RM0410 3.7.5
    public void F4_and_F7_flash_control_has_PSIZE_at_9_8_and_the_sector_number(string table, int snbHigh, int snbLow)
    {
        var flash = RegisterTable.Load(table)["FLASH"];
        Assert.Equal(0x4002_3C00u, flash.BaseAddress);
        var cr = flash["CR"];
        Assert.Equal(0x10u, cr.Offset);
        Assert.Equal(0x8000_0000u, cr.ResetValue);                      // LOCK set after reset
        Assert.Equal((8, 2), (cr["PSIZE"].Position, cr["PSIZE"].Width));
        Assert.Equal((snbLow, snbHigh - snbLow + 1), (cr["SNB"].Position, cr["SNB"].Width));
        Assert.Equal(16, cr["STRT"].Position);
        Assert.Equal(31, cr["LOCK"].Position);
        Assert.Equal(ModifiedWrite.WriteOneToClear, flash["SR"]["EOP"].ModifiedWrite);
        Assert.Equal(ModifiedWrite.WriteOneToClear, flash["SR"]["WRPERR"].ModifiedWrite);
        Assert.Equal(RegisterAccess.ReadOnly, flash["SR"]["BSY"].Access);
    }

    [Fact]
    public void F7_names_status_bit_7_erase_sequence_error()
    {
        var sr = RegisterTable.Load("STM32F746")["FLASH"]["SR"];
        Assert.Equal(7, sr["ERSERR"].Position);                          // RM0385 3.7.4
        Assert.Null(sr.Find("PGSERR"));
        Assert.Null(RegisterTable.Load("STM32F746")["FLASH"]["CR"].Find("MER1")); // single bank: no bit 15
        Assert.Equal(15, RegisterTable.Load("STM32F767")["FLASH"]["CR"]["MER2"].Position);
    }

    [Fact]
    public void G071_flash_control_bits_follow_RM0444()
    {
        var flash = RegisterTable.Load("STM32G071")["FLASH"];
        Assert.Equal(0x4002_2000u, flash.BaseAddress);
        var cr = flash["CR"];
        Assert.Equal(0x14u, cr.Offset);                                 // RM0444 3.7.5
        Assert.Equal(0xC000_0000u, cr.ResetValue);                      // LOCK and OPTLOCK set
        Assert.Equal(0, cr["PG"].Position);
        Assert.Equal(1, cr["PER"].Position);
        Assert.Equal(2, cr["MER1"].Position);
        Assert.Equal(3, cr["PNB"].Position);
        Assert.Equal(16, cr["STRT"].Position);
        Assert.Equal(17, cr["OPTSTRT"].Position);
        Assert.Equal(18, cr["FSTPG"].Position);
        Assert.Equal(27, cr["OBL_LAUNCH"].Position);
        Assert.Equal(30, cr["OPTLOCK"].Position);
        Assert.Equal(31, cr["LOCK"].Position);
        var sr = flash["SR"];
        Assert.Equal(16, sr["BSY1"].Position);
        Assert.Equal(RegisterAccess.ReadOnly, sr["BSY1"].Access);
        Assert.Equal(ModifiedWrite.WriteOneToClear, sr["PGSERR"].ModifiedWrite);
        Assert.Equal(17, RegisterTable.Load("STM32G0B1")["FLASH"]["SR"]["BSY2"].Position);
    }

    [Theory]
    [InlineData("STM32L432")]
    [InlineData("STM32L476")]
    [InlineData("STM32G431")]
    [InlineData("STM32G474")]
    public void L4_and_G4_flash_interface_is_at_0x40022000_with_LOCK_in_bit_31(string table)
    {
        var flash = RegisterTable.Load(table)["FLASH"];
        Assert.Equal(0x4002_2000u, flash.BaseAddress);                 // RM0394/RM0351/RM0440 memory maps
        var cr = flash["CR"];                                           // G4's SVD spells FLASH_CR
        Assert.Equal(0x14u, cr.Offset);
        Assert.Equal(0xC000_0000u, cr.ResetValue);
        Assert.Equal(16, cr["STRT"].Position);
        Assert.Equal(31, cr["LOCK"].Position);
        Assert.Equal(0x08u, flash["KEYR"].Offset);
        Assert.Equal(ModifiedWrite.WriteOneToClear, flash["SR"]["PGSERR"].ModifiedWrite);
        Assert.Equal(ModifiedWrite.Normal, flash["SR"]["BSY"].ModifiedWrite);
    }

    [Theory]
    [InlineData("STM32L476")]
    [InlineData("STM32L432")]
    public void L4_ports_start_analog_except_the_debug_pins(string table)
    {
        var t = RegisterTable.Load(table);                              // RM0351/RM0394 8.5.1
        Assert.Equal(0xABFF_FFFFu, t["GPIOA"]["MODER"].ResetValue);
        Assert.Equal(0xFFFF_FEBFu, t["GPIOB"]["MODER"].ResetValue);
        Assert.Equal(0xFFFF_FFFFu, t["GPIOC"]["MODER"].ResetValue);
        Assert.Equal(0xFFFF_FFFFu, t["GPIOH"]["MODER"].ResetValue);
    }

    [Theory]
    [InlineData("STM32F401", "WWDG", 0)]     // RM0368 Table 38
    [InlineData("STM32F401", "FPU", 81)]
    [InlineData("STM32F407", "FLASH", 4)]    // RM0090 Table 61
    [InlineData("STM32F407", "USART1", 37)]
    [InlineData("STM32F767", "HDMI_CEC", 94)] // RM0410 Table 40
    [InlineData("STM32G071", "USART1", 27)]  // RM0444 Table 62
    [InlineData("STM32L476", "USART1", 37)]  // RM0351 Table 58
    public void Interrupt_numbers_follow_the_vector_tables(string table, string name, int number) =>
        Assert.Equal(number, RegisterTable.Load(table).FindInterrupt(name)?.Number);

    [Fact]
    public void F4_window_watchdog_prescaler_is_one_two_bit_field()
    {
        var cfr = RegisterTable.Load("STM32F407")["WWDG"]["CFR"];      // RM0090 23.6.2 WDGTB[1:0]
        Assert.Equal((7, 2), (cfr["WDGTB"].Position, cfr["WDGTB"].Width));
        Assert.Null(cfr.Find("WDGTB1"));
    }
}
