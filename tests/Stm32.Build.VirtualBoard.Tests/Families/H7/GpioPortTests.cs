using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Families.Common;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>GPIO ports A–K of the STM32H747 (RM0399 GPIO registers): reset values, BSRR, IDR, LCKR.</summary>
public sealed class GpioPortTests
{
    // RM0399 GPIO register map offsets.
    private const uint Moder = 0x00, Otyper = 0x04, Ospeedr = 0x08, Pupdr = 0x0C, Idr = 0x10, Odr = 0x14, Bsrr = 0x18, Lckr = 0x1C, Afrh = 0x24;

    [Fact]
    public void Reset_values_are_the_manuals_with_the_debug_pins_of_ports_A_and_B_in_alternate_function()
    {
        var h = new H7IoHarness();
        // RM0399 GPIOx_MODER/OSPEEDR/PUPDR reset values: port A 0xABFF FFFF / 0x0C00 0000 / 0x6400 0000,
        // port B 0xFFFF FEBF / 0x0000 00C0 / 0x0000 0100, the other ports 0xFFFF FFFF / 0 / 0.
        Assert.Equal(0xABFF_FFFFu, h.Read(H7IoHarness.GpioA + Moder));
        Assert.Equal(0x0C00_0000u, h.Read(H7IoHarness.GpioA + Ospeedr));
        Assert.Equal(0x6400_0000u, h.Read(H7IoHarness.GpioA + Pupdr));
        Assert.Equal(0xFFFF_FEBFu, h.Read(H7IoHarness.GpioB + Moder));
        Assert.Equal(0x0000_00C0u, h.Read(H7IoHarness.GpioB + Ospeedr));
        Assert.Equal(0x0000_0100u, h.Read(H7IoHarness.GpioB + Pupdr));
        for (var port = 2u; port <= 10; port++) // C … K
        {
            var address = H7IoHarness.GpioA + 0x400 * port;
            Assert.Equal(0xFFFF_FFFFu, h.Read(address + Moder));
            Assert.Equal(0u, h.Read(address + Ospeedr));
            Assert.Equal(0u, h.Read(address + Pupdr));
            Assert.Equal(0u, h.Read(address + Afrh));
        }
    }

    [Fact]
    public void Bsrr_sets_and_resets_output_bits_and_set_wins_when_both_are_written()
    {
        var h = new H7IoHarness();
        var c = H7IoHarness.GpioC;
        h.Write(c + Odr, 0x0000_00F0);
        h.Write(c + Bsrr, 0x0010_0001);             // reset bit 4, set bit 0
        Assert.Equal(0x0000_00E1u, h.Read(c + Odr));
        h.Write(c + Bsrr, 0x0020_0020);             // both for bit 5
        Assert.Equal(0x0000_00E1u, h.Read(c + Odr));
        Assert.Equal(0u, h.Read(c + Bsrr));         // write-only
        Assert.Equal(BusStatus.Ok, h.Bus(0).Write(c + Bsrr + 2, AccessSize.HalfWord, 0x0001)); // BR0 alone, halfword
        Assert.Equal(0x0000_00E0u, h.Read(c + Odr));
    }

    [Fact]
    public void Idr_shows_outputs_pulls_and_what_the_board_drives()
    {
        var h = new H7IoHarness();
        var c = H7IoHarness.GpioC;
        h.Write(c + Moder, 0xFFFF_F7F0);            // PC0, PC1 inputs, PC5 output, others analog
        h.Write(c + Pupdr, 0x0000_0001);            // PC0 pull-up, PC1 floating
        Assert.Equal(0x0000_0001u, h.Read(c + Idr));
        h.Write(c + Bsrr, 1u << 5);
        Assert.Equal(0x0000_0021u, h.Read(c + Idr));
        h.Write(c + Otyper, 1u << 5);               // open drain: a 1 floats, no pull
        Assert.Equal(0x0000_0001u, h.Read(c + Idr));
        var port = h.Chip.FindAll<GpioPort>().Single(p => p.Letter == 'C');
        port.Drive(1, true);
        port.Drive(7, true);                         // analog: the Schmitt trigger is off
        Assert.Equal(0x0000_0003u, h.Read(c + Idr));
        port.Drive(0, false);
        Assert.Equal(0x0000_0002u, h.Read(c + Idr));
    }

    [Fact]
    public void The_lock_key_sequence_freezes_the_locked_pins_until_reset()
    {
        var h = new H7IoHarness();
        var c = H7IoHarness.GpioC;
        h.Write(c + Moder, 0xFFFF_F7FF);            // PC5 output
        h.Write(c + Lckr, 0x0001_0020);             // LCKK = 1, LCK5
        h.Write(c + Lckr, 0x0000_0020);             // LCKK = 0, same LCK
        h.Write(c + Lckr, 0x0001_0020);             // LCKK = 1, same LCK
        Assert.Equal(0x0001_0020u, h.Read(c + Lckr)); // the read completes the sequence: LCKK reads 1
        h.Write(c + Moder, 0xFFFF_0000);            // tries PC0-PC7 as inputs: PC5 stays an output
        Assert.Equal(0xFFFF_0400u, h.Read(c + Moder));
        h.Write(c + Lckr, 0x0000_0000);             // the lock cannot be undone by software
        Assert.Equal(0x0001_0020u, h.Read(c + Lckr));

        h.SystemReset();
        Assert.Equal(0u, h.Read(c + Lckr));
        Assert.Equal(0xFFFF_FFFFu, h.Read(c + Moder));
        h.Write(c + Moder, 0xFFFF_F3FF);
        Assert.Equal(0xFFFF_F3FFu, h.Read(c + Moder));
    }

    [Fact]
    public void A_wrong_lock_sequence_does_not_lock()
    {
        var h = new H7IoHarness();
        var c = H7IoHarness.GpioC;
        h.Write(c + Lckr, 0x0001_0020);
        h.Write(c + Lckr, 0x0000_0040);             // LCK changed during the sequence
        h.Write(c + Lckr, 0x0001_0020);
        Assert.Equal(0u, h.Read(c + Lckr) & 0x1_0000);
        h.Write(c + Lckr, 0x0001_0020);
        Assert.Equal(BusStatus.Ok, h.Bus(0).Write(c + Lckr, AccessSize.HalfWord, 0x0020)); // not a word write: aborts
        h.Write(c + Lckr, 0x0001_0020);
        Assert.Equal(0u, h.Read(c + Lckr) & 0x1_0000);
        h.Write(c + Moder, 0x0000_0000);
        Assert.Equal(0u, h.Read(c + Moder));
    }
}
