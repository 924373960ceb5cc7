using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// Firmware reading RCC_RSR across its own software reset, and a Cortex-M7 program releasing a Cortex-M4 that the
/// BCM4 option byte keeps gated (RM0399 8.4.4 reset flags, RCC_GCR BOOT_C2, 2.6 boot).
/// </summary>
[Trait("Requires", "gcc")]
public sealed class H7ResetAndBootFirmwareTests
{
    private const uint Log = 0x2407_F000;

    [Fact]
    public void Rsr_shows_the_power_on_flags_then_the_software_reset_of_the_cortex_m7()
    {
        var b = new H7Bench();
        var image = b.Load(H7TestFirmware.ResetFlags());
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(0x55u, b.Variable(image, "stage"));
        Assert.Equal(0x00FE_0000u, H7Bench.Read(b.Ap(0), Log + 4));  // first boot: POR, BOR, PIN, D1, D2, C1, C2
        Assert.Equal(0u, H7Bench.Read(b.Ap(0), Log + 8));             // RMVF cleared them
        Assert.Equal(0x0146_0000u, H7Bench.Read(b.Ap(0), Log + 12)); // second boot: SFT1RSTF, PINRSTF, C1RSTF, C2RSTF
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.SystemReset && e.Value == (uint)ResetCause.Software);
    }

    [Fact]
    public void A_cortex_m4_gated_by_bcm4_starts_when_the_cortex_m7_sets_boot_c2()
    {
        var b = new H7Bench();
        var cm7 = b.Load(H7TestFirmware.BootCm4());
        var cm4 = b.Load(FirmwareBuilder.BuildH747(FirmwareVariant.Cm4Blinky));
        b.ClearOptionBit(22); // BCM4 = 0
        b.PowerCycle();
        var blinkCount = cm4.FindSymbol("blink_count")!.Address;
        b.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(b.Chip.IsCoreGated("CM4"));
        Assert.Equal(0u, H7Bench.Read(b.Ap(3), blinkCount));

        b.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(6u, b.Variable(cm7, "stage"));
        Assert.False(b.Chip.IsCoreGated("CM4"));
        Assert.True(H7Bench.Read(b.Ap(3), blinkCount) > 0, "the Cortex-M4 runs its program");
    }
}
