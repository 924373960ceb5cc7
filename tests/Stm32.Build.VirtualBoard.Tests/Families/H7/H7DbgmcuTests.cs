using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Families.H7;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>DBGMCU on the register DSL (RM0399 61.5): identity, CR, the freeze registers behind <see cref="IDebugFreeze"/>, reset by power-on only.</summary>
public sealed class H7DbgmcuTests
{
    private const uint Key = 0xA05F_0000, CDebugEn = 1, CHalt = 2;

    [Fact]
    public void Iwdg1_is_frozen_only_while_its_bit_is_set_and_the_core_it_belongs_to_is_halted()
    {
        var b = new H7Bench();
        var freeze = b.Chip.Find<IDebugFreeze>();
        Assert.NotNull(freeze); // the contract the watchdog models use
        Write(b.Ap(0), DbgmcuApb4Fz1, 1u << 18); // DBG_IWDG1 for the Cortex-M7
        Assert.False(freeze.IsFrozen("IWDG1"));
        Write(b.Ap(0), Dhcsr, Key | CDebugEn | CHalt);
        Assert.Equal(CoreRunState.Halted, b.Chip.Cores[0].State);
        Assert.True(freeze.IsFrozen("IWDG1"));
        Assert.False(freeze.IsFrozen("IWDG2"));
        Assert.False(freeze.IsFrozen("WWDG1"));
        Assert.False(freeze.IsFrozen("NOSUCH"));
        Write(b.Ap(0), DbgmcuApb4Fz1, 0);
        Assert.False(freeze.IsFrozen("IWDG1"));

        Write(b.Ap(0), DbgmcuApb4Fz2, 1u << 18); // the same bit for the Cortex-M4, which runs
        Assert.False(freeze.IsFrozen("IWDG1"));
        Write(b.Ap(3), Dhcsr, Key | CDebugEn | CHalt);
        Assert.True(freeze.IsFrozen("IWDG1"));
        Assert.Contains("WWDG1", b.Family.Dbgmcu.FreezablePeripherals);
        Assert.Contains("TIM2", b.Family.Dbgmcu.FreezablePeripherals);
    }

    [Fact]
    public void Cr_is_one_register_on_both_buses_kept_through_resets_and_cleared_by_power_on()
    {
        var b = new H7Bench();
        Write(b.Ap(2), 0xE00E_1004, 0x0000_0182); // DBGSTOP_D1, DBGSTOP_D3, DBGSTBY_D3 through the debug APB
        Assert.Equal(0x0000_0182u, Read(b.Cm7, DbgmcuCr));
        b.Chip.NrstLow = true;
        b.Chip.NrstLow = false;
        b.Chip.SystemReset(ResetCause.Software);
        Assert.Equal(0x0000_0182u, Read(b.Ap(0), DbgmcuCr));
        Assert.True(b.Family.Dbgmcu.DebugInStop(H7PowerDomain.D1));
        Assert.False(b.Family.Dbgmcu.DebugInStop(H7PowerDomain.D2));
        b.PowerCycle();
        Assert.Equal(0u, Read(b.Ap(0), DbgmcuCr));
        Write(b.Cm7, DbgmcuCr - 4, 0);                       // IDC is read-only
        Assert.Equal(0x2003_6450u, Read(b.Cm7, DbgmcuCr - 4)); // rev V, DEV_ID 0x450
    }

    [Fact]
    public void A_single_core_part_maps_every_domain_to_the_d1_bits()
    {
        var b = new H7Bench(device: "STM32H743ZI");
        Write(b.Ap(0), DbgmcuCr, 1u << 1); // DBGSTOP_D1
        Assert.True(b.Family.Dbgmcu.DebugInStop(H7PowerDomain.D3));
        Assert.Single(b.Chip.Cores);
    }
}
