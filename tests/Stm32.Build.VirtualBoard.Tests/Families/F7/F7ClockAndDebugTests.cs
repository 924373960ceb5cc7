using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.F7.F7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.F7;

/// <summary>RCC ready flags with the Nucleo-144's HSE bypass, PWR over-drive, DBGMCU and the device signature of the virtual STM32F7.</summary>
public sealed class F7ClockAndDebugTests
{
    private const uint RccCr = Rcc + 0x00, HseOn = 1u << 16, HseRdy = 1u << 17, HseByp = 1u << 18;
    private const uint PwrCr1 = Pwr + 0x00, PwrCsr1 = Pwr + 0x04, Oden = 1u << 16, Odswen = 1u << 17, Odrdy = 1u << 16, Odswrdy = 1u << 17;

    [Theory]
    [InlineData(true, true)] // UM1974: the ST-LINK MCO drives OSC_IN, HSEBYP set: ready at once
    [InlineData(false, false)] // the same clock without HSEBYP: never ready (ST's HAL times out after 100 ms)
    public void Hserdy_follows_the_boards_external_clock_only_with_hsebyp(bool bypass, bool ready)
    {
        var b = new F7Bench();
        b.Write(RccCr, b.Read(RccCr) | (bypass ? HseByp : 0), b.Core);
        b.Write(RccCr, b.Read(RccCr) | HseOn, b.Core);
        b.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(ready ? HseRdy : 0, b.Read(RccCr) & HseRdy);
    }

    [Fact]
    public void Odrdy_and_odswrdy_follow_oden_and_odswen()
    {
        var b = new F7Bench();
        Assert.Equal(0u, b.Read(PwrCsr1) & (Odrdy | Odswrdy));
        b.Write(PwrCr1, b.Read(PwrCr1) | Oden, b.Core);
        Assert.Equal(Odrdy, b.Read(PwrCsr1) & (Odrdy | Odswrdy)); // RM0385 4.1.4: ODEN, then ODRDY
        b.Write(PwrCr1, b.Read(PwrCr1) | Odswen, b.Core);
        Assert.Equal(Odrdy | Odswrdy, b.Read(PwrCsr1) & (Odrdy | Odswrdy));
        Assert.Equal(1u << 14, b.Read(PwrCsr1) & (1u << 14)); // VOSRDY
    }

    [Theory]
    [InlineData("STM32F746ZG", 0x0449u, 1024)]
    [InlineData("STM32F767ZI", 0x0451u, 2048)]
    public void Dbgmcu_and_the_flash_size_register_identify_the_part(string device, uint devId, int flashKiB)
    {
        var b = new F7Bench(device, null);
        Assert.Equal(devId, b.Read(Dbgmcu) & 0xFFF); // RM0385/RM0410 40.6.1
        Assert.Equal(devId, b.Read(Dbgmcu, b.Core) & 0xFFF);
        // DBGMCU_CR and APB1_FZ keep what the debugger writes (OpenOCD's stm32f7x.cfg sets 0x7 and 0x1800), and the
        // STM32F767's register table lacks them.
        b.Write(Dbgmcu + 4, 7);
        b.Write(Dbgmcu + 8, 0x1800);
        b.Chip.SystemReset();
        Assert.Equal(7u, b.Read(Dbgmcu + 4));
        Assert.Equal(0x1800u, b.Read(Dbgmcu + 8));
        Assert.Equal((uint)flashKiB, b.Read(0x1FF0_F440) >> 16); // RM0385 41.2: flash size at 0x1FF0F442
    }
}
