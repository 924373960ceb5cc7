using Stm32.Build.Execution;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.VirtualBoard.Tests.Families.H7;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Peripherals;

/// <summary>
/// <see cref="ChipScheduler.StretchParkedSlices"/>: while both cores of the H747 busy-wait in polling loops that store
/// nothing, rounds run past the 5 µs quantum to the next SysTick expiry; a store by either core ends that at once, so
/// a message through shared SRAM still arrives within the quantum. The firmware (tests/firmware/h7io/mailbox_*.c):
/// the Cortex-M7 waits two of its ticks polling its tick count, writes ping to D3 SRAM4 and polls pong, timing the
/// round trip with DWT_CYCCNT; the Cortex-M4 polls ping and answers in pong, its own SysTick running meanwhile (at
/// a period out of step with the Cortex-M7's, so the two ticks bound different rounds). And the dual-core HAL-style
/// firmware (tests/firmware/h747hal) prints the same text with its characters at the same times either way.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class ChipSchedulerParkedCoresTests
{
    private const long CoreHz = 64_000_000; // both cores on the reset clock (HSI, RM0399 8.5.2)

    private sealed record Outcome(uint Exchanges, uint Answered, uint RttMin, uint RttMax, uint Cm7Ticks, uint Cm4Ticks, long Rounds, long Stretched);

    private static Outcome RunMailbox(bool stretch, TimeSpan duration)
    {
        var h = new H7IoHarness(recording: false);
        h.Chip.Scheduler.StretchParkedSlices = stretch;
        var (cm7Elf, cm4Elf) = H7IoFirmware.Mailbox();
        var cm7 = H7IoFirmware.Load(h.Chip, cm7Elf);
        var cm4 = H7IoFirmware.Load(h.Chip, cm4Elf);
        h.Chip.SystemReset();
        var rounds = h.Chip.Scheduler.Rounds;
        h.Advance(duration);
        Assert.All(h.Chip.Cores, c => Assert.Equal(CoreRunState.Running, c.State));
        return new Outcome(
            h.Variable(cm7, "exchanges"), h.Variable(cm4, "answered", 3), h.Variable(cm7, "rtt_min"), h.Variable(cm7, "rtt_max"),
            h.Variable(cm7, "cm7_tick"), h.Variable(cm4, "cm4_tick", 3), h.Chip.Scheduler.Rounds - rounds, h.Chip.Scheduler.StretchedRounds);
    }

    [Fact]
    public void Busy_waiting_cores_run_in_rounds_far_longer_than_the_quantum()
    {
        var sliced = RunMailbox(stretch: false, TimeSpan.FromMilliseconds(100));
        var stretched = RunMailbox(stretch: true, TimeSpan.FromMilliseconds(100));

        Assert.Equal(0, sliced.Stretched);
        Assert.True(sliced.Rounds >= 100_000_000 / ChipScheduler.DefaultQuantumNs, $"{sliced.Rounds} rounds at the quantum");
        Assert.True(stretched.Stretched > 50, $"{stretched.Stretched} rounds stretched");
        Assert.True(stretched.Rounds * 10 < sliced.Rounds, $"{stretched.Rounds} rounds stretched vs {sliced.Rounds} sliced");
    }

    [Fact]
    public void A_message_through_shared_sram_arrives_within_the_quantum_while_rounds_are_stretched()
    {
        var stretched = RunMailbox(stretch: true, TimeSpan.FromMilliseconds(100));

        // About one exchange per two Cortex-M7 ticks, every one answered.
        Assert.InRange(stretched.Exchanges, 45u, 50u);
        Assert.Equal(stretched.Exchanges, stretched.Answered);
        // The round trip: the ping reaches the Cortex-M4 and the pong the Cortex-M7 each within a round at the quantum
        // (two quanta: 640 cycles at 64 MHz); a core run past the other's store to its next tick would take 64000.
        var twoQuanta = (uint)(2 * ChipScheduler.DefaultQuantumNs * CoreHz / 1_000_000_000);
        Assert.InRange(stretched.RttMax, stretched.RttMin, twoQuanta);
        Assert.True(stretched.RttMin > 0);
    }

    [Fact]
    public void Stretching_changes_nothing_the_firmware_sees()
    {
        var sliced = RunMailbox(stretch: false, TimeSpan.FromMilliseconds(60));
        var stretched = RunMailbox(stretch: true, TimeSpan.FromMilliseconds(60));

        Assert.Equal(sliced.Exchanges, stretched.Exchanges);
        Assert.Equal(sliced.Answered, stretched.Answered);
        Assert.Equal(sliced.Cm7Ticks, stretched.Cm7Ticks);
        Assert.Equal(sliced.Cm4Ticks, stretched.Cm4Ticks);
        Assert.Equal(59u, stretched.Cm7Ticks); // the first tick 1 ms after SysTick starts, early in the first millisecond
        // Round trips differ only by where rounds at the quantum begin: both stay within two quanta.
        var twoQuanta = (uint)(2 * ChipScheduler.DefaultQuantumNs * CoreHz / 1_000_000_000);
        Assert.InRange(sliced.RttMax, 1u, twoQuanta);
        Assert.InRange(stretched.RttMax, 1u, twoQuanta);
    }

    [Fact]
    public void The_dual_core_hal_firmware_prints_the_same_characters_at_the_same_times_when_stretched()
    {
        var (slicedText, slicedCharacters, slicedRounds) = RunHalDualCore(stretch: false);
        var (stretchedText, stretchedCharacters, stretchedRounds) = RunHalDualCore(stretch: true);

        // Both cores print, then busy-wait in HAL_Delay: the Cortex-M7 blinks every 250 ms, the Cortex-M4 every 500 ms
        // (tests/firmware/h747hal/main_cm7.c, main_cm4.c).
        Assert.Contains("\r\nblink 2\r\n", stretchedText);
        Assert.Contains("CM4 blink 1\r\n", stretchedText);
        Assert.Equal(slicedText, stretchedText);
        // Each character leaves at the same time to within a few nanoseconds: a slice that ends between two cycles of a
        // core rounds its budget down, and slices end at other moments when stretched (docs/virtual-board/architecture.md).
        Assert.Equal(slicedCharacters.Count, stretchedCharacters.Count);
        var drift = slicedCharacters.Zip(stretchedCharacters, (a, b) => Math.Abs(a.TimeNs - b.TimeNs)).Max();
        Assert.InRange(drift, 0, 100);
        Assert.True(stretchedRounds * 10 < slicedRounds, $"{stretchedRounds} rounds stretched vs {slicedRounds} sliced");
    }

    private static (string Text, IReadOnlyList<Stm32.Build.VirtualBoard.Families.Common.UsartByte> Characters, long Rounds) RunHalDualCore(bool stretch)
    {
        var h = new H7IoHarness(board: BoardCatalog.Resolve("custom-h747-ldo"), recording: false);
        h.Chip.Scheduler.StretchParkedSlices = stretch;
        var images = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.Clean);
        H7IoFirmware.Load(h.Chip, images.Cm7Elf);
        H7IoFirmware.Load(h.Chip, images.Cm4Elf);
        h.Chip.SystemReset();
        var rounds = h.Chip.Scheduler.Rounds;
        h.Advance(TimeSpan.FromMilliseconds(300));
        return (h.Chip.ConsoleText, h.Chip.UartCharacters("USART1"), h.Chip.Scheduler.Rounds - rounds);
    }
}
