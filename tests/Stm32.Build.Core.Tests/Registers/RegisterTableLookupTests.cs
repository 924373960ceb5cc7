using Stm32.Build.Registers;
using Xunit;

namespace Stm32.Build.Tests.Registers;

/// <summary>Finding peripherals, registers and fields by name and by address; the errors of a failed lookup.</summary>
public class RegisterTableLookupTests
{
    private static readonly RegisterTable H747 = RegisterTable.Load("STM32H747_CM7");

    [Fact]
    public void Names_are_case_insensitive_and_take_the_manuals_prefixed_form()
    {
        Assert.Same(H747["RCC"], H747["rcc"]);
        Assert.Same(H747["RCC"]["CR"], H747["RCC"]["rcc_cr"]);          // the manual writes RCC_CR
        Assert.Same(H747["FLASH"], H747.Find("Flash"));                 // ST's SVD spells the H7 one "Flash"
        Assert.Same(H747["HSEM"]["HSEM_R3"], H747["HSEM"]["R3"]);       // this SVD prefixes HSEM's registers
        Assert.Same(H747["RCC"]["CR"]["HSION"], H747["RCC"]["CR"]["hsion"]);
        Assert.Null(H747.Find("NOSUCH"));
        Assert.Null(H747["RCC"].Find("NOSUCH"));
        Assert.Null(H747["RCC"]["CR"].Find("NOSUCH"));
    }

    [Fact]
    public void Missing_names_throw_KeyNotFoundException_naming_table_peripheral_and_name()
    {
        var peripheral = Assert.Throws<KeyNotFoundException>(() => H747["UART42"]);
        Assert.Contains("STM32H747_CM7", peripheral.Message);
        Assert.Contains("'UART42'", peripheral.Message);

        var register = Assert.Throws<KeyNotFoundException>(() => H747["RCC"]["CRX"]);
        Assert.Contains("STM32H747_CM7", register.Message);
        Assert.Contains("RCC", register.Message);
        Assert.Contains("'CRX'", register.Message);

        var field = Assert.Throws<KeyNotFoundException>(() => H747["RCC"]["CR"]["HSIONX"]);
        Assert.Contains("STM32H747_CM7", field.Message);
        Assert.Contains("RCC.CR", field.Message);
        Assert.Contains("'HSIONX'", field.Message);
        Assert.Contains("HSION", field.Message);                        // lists what there is
    }

    [Fact]
    public void Addresses_find_the_peripheral_and_register_that_hold_them()
    {
        Assert.Equal("RCC", H747.FindByAddress(0x5802_4400)?.Name);
        Assert.Equal("RCC", H747.FindByAddress(0x5802_47FF)?.Name);     // last byte of its 1 KiB block
        Assert.Equal("PWR", H747.FindByAddress(0x5802_4800)?.Name);
        Assert.Null(H747.FindByAddress(0x0800_0000));                   // flash memory, not a peripheral
        Assert.Null(H747.FindByAddress(0xFFFF_FFF0));

        var sr1 = H747.FindRegisterByAddress(0x5200_2010);
        Assert.NotNull(sr1);
        Assert.Equal("SR1", sr1.Name);
        Assert.Equal("Flash", sr1.Peripheral.Name);
        Assert.Equal("CFGR", H747.FindRegisterByAddress(0x5802_4412)?.Name); // a byte inside RCC_CFGR
        Assert.Null(H747.FindRegisterByAddress(0x5802_4408 + 0x3F0));  // inside RCC's block, no register there
    }

    [Fact]
    public void Derived_peripherals_name_their_base_and_share_its_registers_at_their_own_addresses()
    {
        var usart1 = H747["USART1"];
        var usart2 = H747["USART2"];
        Assert.Null(usart1.DerivedFrom);
        Assert.Equal("USART1", usart2.DerivedFrom);
        Assert.Equal(0x4000_4400u, usart2.BaseAddress);                 // RM0399 2.3.2
        Assert.Equal(usart1.Registers.Select(r => (r.Name, r.Offset)), usart2.Registers.Select(r => (r.Name, r.Offset)));
        Assert.Equal(0x4000_4400u + 0x1C, usart2["ISR"].Address);
        Assert.Same(usart1["ISR"].Fields, usart2["ISR"].Fields);        // one layout, shared
        Assert.Equal("GPIOA", H747["GPIOB"].DerivedFrom);
        Assert.NotEqual(H747["GPIOA"]["MODER"].ResetValue, H747["GPIOB"]["MODER"].ResetValue); // corrected per port
    }

    [Fact]
    public void Peripherals_are_ordered_by_address_and_interrupts_by_number()
    {
        Assert.Equal(H747.Peripherals.OrderBy(p => p.BaseAddress).Select(p => p.BaseAddress), H747.Peripherals.Select(p => p.BaseAddress));
        Assert.Equal(H747.Interrupts.OrderBy(i => i.Number).Select(i => i.Number), H747.Interrupts.Select(i => i.Number));
        Assert.Contains(H747["USART1"].Interrupts, i => i.Name == "USART1" && i.Number == 37);
        Assert.Equal(H747["USART1"].Registers.OrderBy(r => r.Offset).Select(r => r.Offset), H747["USART1"].Registers.Select(r => r.Offset));
    }
}
