using Stm32.Build.Registers;
using Xunit;

namespace Stm32.Build.Tests.Registers;

/// <summary>Field masks, reading and replacing a field's value in a register value.</summary>
public class FieldInfoTests
{
    private static readonly FieldInfo Psize = RegisterTable.Load("STM32H747_CM7")["FLASH"]["CR1"]["PSIZE1"]; // bits 5:4

    [Fact]
    public void Mask_is_derived_from_position_and_width()
    {
        Assert.Equal(0x30u, Psize.Mask);
        Assert.Equal(3u, Psize.MaxValue);
        var wide = RegisterTable.Load("STM32H747_CM7")["FLASH"]["KEYR1"].Fields.Single();
        Assert.Equal(uint.MaxValue, wide.Mask);                         // a 32-bit field
    }

    [Fact]
    public void Get_and_Set_read_and_replace_only_the_field()
    {
        Assert.Equal(3u, Psize.Get(0x0000_0031));                       // FLASH_CR1 after reset: PSIZE1 = 11
        Assert.Equal(0xFFFF_FFDFu, Psize.Set(0xFFFF_FFFF, 1));
        Assert.Equal(0x0000_0021u, Psize.Set(0x0000_0031, 2));
        Assert.Equal(0x0000_0001u, Psize.Set(0x0000_0031, 0));
    }

    [Fact]
    public void Set_refuses_a_value_wider_than_the_field()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Psize.Set(0, 4));
        Assert.Contains("PSIZE1", ex.Message);
    }

    [Fact]
    public void ToString_uses_the_manuals_bit_notation()
    {
        Assert.Equal("PSIZE1[5:4]", Psize.ToString());
        Assert.Equal("LOCK1[0]", RegisterTable.Load("STM32H747_CM7")["FLASH"]["CR1"]["LOCK1"].ToString());
    }
}
