using Stm32.Build.Registers;
using Xunit;

namespace Stm32.Build.Tests.Registers;

/// <summary>
/// The STM32H7 tables against facts taken from the reference manuals (RM0399 for H745/H747/H755/H757, RM0433 for
/// H743/H753), each with its section; several of them are corrections of ST's SVD (the test fails if a correction
/// is lost).
/// </summary>
public class RegisterTableH7FactsTests
{
    private static readonly RegisterTable H747 = RegisterTable.Load("STM32H747_CM7");

    [Fact]
    public void Rcc_base_and_source_control_register_follow_RM0399()
    {
        var rcc = H747["RCC"];
        Assert.Equal(0x5802_4400u, rcc.BaseAddress);                   // RM0399 2.3.2 memory map
        var cr = rcc["CR"];
        Assert.Equal(0u, cr.Offset);
        Assert.Equal(0x5802_4400u, cr.Address);
        Assert.Equal((0, 1), Bits(cr["HSION"]));
        Assert.Equal((2, 1), Bits(cr["HSIRDY"]));
        Assert.Equal((3, 2), Bits(cr["HSIDIV"]));
        Assert.Equal((16, 1), Bits(cr["HSEON"]));
        Assert.Equal((17, 1), Bits(cr["HSERDY"]));
        Assert.Equal((24, 1), Bits(cr["PLL1ON"]));
        Assert.Equal((25, 1), Bits(cr["PLL1RDY"]));
        var cfgr = rcc["CFGR"];
        Assert.Equal(0x10u, cfgr.Offset);
        Assert.Equal((0, 3), Bits(cfgr["SW"]));
        Assert.Equal((3, 3), Bits(cfgr["SWS"]));
        Assert.Equal(0x28u, rcc["PLLCKSELR"].Offset);
        Assert.Equal(0x30u, rcc["PLL1DIVR"].Offset);
    }

    [Fact]
    public void Reset_flags_are_the_dual_core_ones_in_RSR_C1_RSR_and_C2_RSR()
    {
        var rcc = H747["RCC"];
        foreach (var name in new[] { "RSR", "C1_RSR", "C2_RSR" })
        {
            var rsr = rcc[name];
            Assert.Equal((16, 1), Bits(rsr["RMVF"]));                   // RM0399 RCC_RSR
            Assert.Equal((17, 1), Bits(rsr["C1RSTF"]));
            Assert.Equal((18, 1), Bits(rsr["C2RSTF"]));
            Assert.Equal((23, 1), Bits(rsr["PORRSTF"]));
            Assert.Equal((24, 1), Bits(rsr["SFT1RSTF"]));
            Assert.Equal((25, 1), Bits(rsr["SFT2RSTF"]));
            Assert.Equal((27, 1), Bits(rsr["IWDG2RSTF"]));
            Assert.Equal((31, 1), Bits(rsr["LPWR2RSTF"]));
        }
        Assert.Equal(0xD0u, rcc["RSR"].Offset);
        Assert.Equal(0x5802_4590u, rcc["C2_RSR"].Address);             // RCC_C2_RSR at RCC + 0x190
        Assert.Equal(0x5802_45A0u, rcc["C2_AHB4ENR"].Address);
    }

    [Fact]
    public void Flash_interface_registers_follow_RM0399_section_4_9()
    {
        var flash = H747["FLASH"];
        Assert.Equal(0x5200_2000u, flash.BaseAddress);
        var acr = flash["ACR"];
        Assert.Equal(0x0000_0037u, acr.ResetValue);                     // 4.9.1: LATENCY 7, WRHIGHFREQ 3
        Assert.Equal((0, 4), Bits(acr["LATENCY"]));
        Assert.Equal((4, 2), Bits(acr["WRHIGHFREQ"]));

        var cr1 = flash["CR1"];
        Assert.Equal(0x0Cu, cr1.Offset);                                // 4.9.4
        Assert.Equal(0x0000_0031u, cr1.ResetValue);                     // LOCK1 = 1, PSIZE1 = 11
        Assert.Equal((0, 1), Bits(cr1["LOCK1"]));
        Assert.Equal((1, 1), Bits(cr1["PG1"]));
        Assert.Equal((2, 1), Bits(cr1["SER1"]));
        Assert.Equal((3, 1), Bits(cr1["BER1"]));
        Assert.Equal((4, 2), Bits(cr1["PSIZE1"]));
        Assert.Equal((6, 1), Bits(cr1["FW1"]));
        Assert.Equal((7, 1), Bits(cr1["START1"]));
        Assert.Equal((8, 3), Bits(cr1["SNB1"]));
        Assert.Equal((28, 1), Bits(cr1["CRCRDERRIE1"]));
        Assert.Equal(0x10Cu, flash["CR2"].Offset);                      // bank 2 at +0x100
        Assert.Equal(0x0000_0031u, flash["CR2"].ResetValue);

        Assert.Equal(RegisterAccess.WriteOnly, flash["KEYR1"].Access);  // 4.9.2
        Assert.Equal(RegisterAccess.WriteOnly, flash["KEYR2"].Access);
        Assert.Equal(RegisterAccess.ReadOnly, flash["SR1"].Access);     // 4.9.5: flags cleared through CCR1
        Assert.Equal((28, 1), Bits(flash["SR1"]["CRCRDERR1"]));
        Assert.Equal(RegisterAccess.WriteOnly, flash["CCR1"].Access);   // 4.9.6
        Assert.Equal(0x12Cu, flash["PRAR_PRG2"].Offset);                // register map
        Assert.Equal((22, 1), Bits(flash["CRCCR1"]["ALL_BANK"]));
    }

    [Fact]
    public void Option_status_has_the_dual_core_boot_bits()
    {
        var flash = H747["FLASH"];
        foreach (var name in new[] { "OPTSR_CUR", "OPTSR_PRG" })
        {
            var optsr = flash[name];
            Assert.Equal((8, 8), Bits(optsr["RDP"]));                   // RM0399 4.9.8/4.9.9
            Assert.Equal((5, 1), Bits(optsr["IWDG2_SW"]));
            Assert.Equal((22, 1), Bits(optsr["BCM4"]));
            Assert.Equal((23, 1), Bits(optsr["BCM7"]));
            Assert.Equal((24, 1), Bits(optsr["NRST_STOP_D2"]));
        }
        Assert.Equal(RegisterAccess.ReadOnly, flash["OPTSR_CUR"].Access);
        Assert.Equal(0x40u, flash["BOOT7_CURR"].Offset);                // 4.9.17..20
        Assert.Equal(0x48u, flash["BOOT4_CURR"].Offset);
        Assert.Equal((16, 16), Bits(flash["BOOT4_PRGR"]["BOOT_CM4_ADD1"]));
    }

    [Fact]
    public void Gpio_reset_values_keep_the_debug_pins_in_their_alternate_functions()
    {
        // RM0399 11.4.1, 11.4.3, 11.4.4: PA13/PA14/PA15 and PB3/PB4 start as SWD/JTAG pins, all others analog.
        Assert.Equal(0x5802_0000u, H747["GPIOA"].BaseAddress);
        Assert.Equal(0xABFF_FFFFu, H747["GPIOA"]["MODER"].ResetValue);
        Assert.Equal(0xFFFF_FEBFu, H747["GPIOB"]["MODER"].ResetValue);
        Assert.Equal(0xFFFF_FFFFu, H747["GPIOC"]["MODER"].ResetValue);
        Assert.Equal(0xFFFF_FFFFu, H747["GPIOK"]["MODER"].ResetValue);
        Assert.Equal(0x6400_0000u, H747["GPIOA"]["PUPDR"].ResetValue);
        Assert.Equal(0x0000_0100u, H747["GPIOB"]["PUPDR"].ResetValue);
        Assert.Equal(0u, H747["GPIOD"]["PUPDR"].ResetValue);
        Assert.Equal(0x0C00_0000u, H747["GPIOA"]["OSPEEDR"].ResetValue);
        Assert.Equal(0x0000_00C0u, H747["GPIOB"]["OSPEEDR"].ResetValue);
        Assert.Equal((26, 2), Bits(H747["GPIOA"]["MODER"]["MODE13"]));
    }

    [Fact]
    public void Power_control_has_the_supply_configuration_and_voltage_scaling_bits()
    {
        var pwr = H747["PWR"];
        Assert.Equal(0x5802_4800u, pwr.BaseAddress);
        var cr3 = pwr["CR3"];
        Assert.Equal(0x0Cu, cr3.Offset);                                // RM0399 7.8 PWR_CR3
        Assert.Equal(0x0000_0006u, cr3.ResetValue);                     // SDEN and LDOEN set after power-on
        Assert.Equal((0, 1), Bits(cr3["BYPASS"]));
        Assert.Equal((1, 1), Bits(cr3["LDOEN"]));
        Assert.Equal((2, 1), Bits(cr3["SDEN"]));
        Assert.Equal((3, 1), Bits(cr3["SDEXTHP"]));
        Assert.Equal((4, 2), Bits(cr3["SDLEVEL"]));
        Assert.Equal((16, 1), Bits(cr3["SDEXTRDY"]));
        Assert.Equal(RegisterAccess.ReadOnly, cr3["SDEXTRDY"].Access);
        Assert.Equal((13, 1), Bits(pwr["CSR1"]["ACTVOSRDY"]));
        Assert.Equal((14, 2), Bits(pwr["D3CR"]["VOS"]));
        Assert.Equal((13, 1), Bits(pwr["D3CR"]["VOSRDY"]));
        Assert.Equal((10, 1), Bits(pwr["CPUCR"]["HOLD2"]));
        Assert.Equal(0x14u, pwr["CPU2CR"].Offset);
        Assert.Equal((10, 1), Bits(pwr["CPU2CR"]["HOLD1"]));
    }

    [Fact]
    public void Debug_unit_watchdogs_and_semaphores_are_where_RM0399_puts_them()
    {
        var dbgmcu = H747["DBGMCU"];
        Assert.Equal(0x5C00_1000u, dbgmcu.BaseAddress);                 // RM0399 61.5
        Assert.Equal(0x4u, dbgmcu["CR"].Offset);
        Assert.Equal(0x5800_4800u, H747["IWDG1"].BaseAddress);
        Assert.Equal(0x0FFFu, H747["IWDG1"]["RLR"].ResetValue);
        Assert.Equal(RegisterAccess.WriteOnly, H747["IWDG1"]["KR"].Access);
        var cfr = H747["WWDG1"]["CFR"];
        Assert.Equal((11, 3), Bits(cfr["WDGTB"]));                      // WDGTB[2:0]
        Assert.Equal(ModifiedWrite.WriteZeroToClear, H747["WWDG1"]["SR"]["EWIF"].ModifiedWrite);
        var hsem = H747["HSEM"];
        Assert.Equal(0x5802_6400u, hsem.BaseAddress);
        Assert.Equal(0x5802_6400u + 0x80 + 4 * 31, hsem["RLR31"].Address); // RM0399 10.4: HSEM_RLRx at 0x80 + 4x
        Assert.Equal(RegisterAccess.ReadOnly, hsem["RLR5"].Access);
    }

    [Theory]
    [InlineData("STM32H747_CM7", "USART1", 37)]        // RM0399 19.1.2 NVIC table
    [InlineData("STM32H747_CM7", "HSEM1", 125)]
    [InlineData("STM32H747_CM4", "HSEM2", 126)]
    [InlineData("STM32H747_CM7", "WWDG1", 0)]
    [InlineData("STM32H747_CM4", "WWDG2", 0)]
    [InlineData("STM32H747_CM7", "ECC", 145)]
    [InlineData("STM32H747_CM7", "DSI", 123)]
    [InlineData("STM32H743", "HSEM1", 125)]            // RM0433 NVIC table
    [InlineData("STM32H743", "ECC", 145)]
    public void Interrupt_numbers_follow_the_vector_tables(string table, string name, int number)
    {
        var interrupt = RegisterTable.Load(table).FindInterrupt(name);
        Assert.NotNull(interrupt);
        Assert.Equal(number, interrupt.Number);
    }

    [Fact]
    public void Single_core_H743_has_no_interrupt_at_the_reserved_position_143()
    {
        Assert.DoesNotContain(RegisterTable.Load("STM32H743").Interrupts, i => i.Number == 143);
        Assert.DoesNotContain(RegisterTable.Load("STM32H743").Interrupts, i => i.Name == "HSEM0");
    }

    private static (int Position, int Width) Bits(FieldInfo field) => (field.Position, field.Width);
}
