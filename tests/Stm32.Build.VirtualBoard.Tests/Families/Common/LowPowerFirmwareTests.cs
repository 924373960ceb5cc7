using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.Common;

/// <summary>
/// The family program's low-power variants (tests/firmware/common/lowpower.c; each family README) on each family's
/// virtual chip and board: Stop right after the banner without the DBGMCU bits loses the debug access port for good
/// (SysTick stops with the core clock), with them SysTick wakes the core and the program blinks on; Standby silences
/// the debug port until NRST, after which the program reports SBF.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class LowPowerFirmwareTests
{
    public static TheoryData<FamilyPart, string, string> Parts => new()
    {
        { FamilyPart.F103, "STM32F103RB", "NUCLEO-F103RB" },
        { FamilyPart.F407, "STM32F407VG", "STM32F407G-DISC1" },
        { FamilyPart.F746, "STM32F746ZG", "NUCLEO-F746ZG" },
        { FamilyPart.L476, "STM32L476RG", "NUCLEO-L476RG" },
        { FamilyPart.G474, "STM32G474RE", "NUCLEO-G474RE" },
        { FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB" },
    };

    [Theory]
    [MemberData(nameof(Parts))]
    public void Stop_without_the_dbgmcu_bits_sleeps_for_good_and_only_nrst_gives_the_access_port_back(FamilyPart part, string device, string board)
    {
        var b = new Bench(device, board, FirmwareBuilder.BuildFamily(part, FamilyVariant.Stop));
        b.Advance(TimeSpan.FromMilliseconds(400)); // the G474's LPUART1 text takes longest

        Assert.EndsWith("standby flag 0\r\nenter stop\r\n", b.Chip.ConsoleText);
        Assert.False(b.Chip.IsAccessPortAvailable(0));
        Assert.Null(b.Chip.DebugPortSilentReason);
        var entered = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered);
        Assert.StartsWith("Stop", entered.Message, StringComparison.Ordinal);
        Assert.Equal(0u, b.Word("lowpower_exits"));

        b.Chip.NrstLow = true;
        b.Chip.NrstLow = false;
        Assert.True(b.Chip.IsAccessPortAvailable(0));
        b.Advance(TimeSpan.FromMilliseconds(400)); // the program stops again after its start-up
        Assert.False(b.Chip.IsAccessPortAvailable(0));
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void With_dbg_stop_systick_wakes_the_core_and_the_program_blinks_on_with_the_debugger_connected(FamilyPart part, string device, string board)
    {
        var b = new Bench(device, board, FirmwareBuilder.BuildFamily(part, FamilyVariant.StopDbg));
        b.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Contains("enter stop\r\nlow power exit\r\nmain loop\r\nblink 1\r\n", b.Chip.ConsoleText, StringComparison.Ordinal);
        Assert.Equal(1u, b.Word("lowpower_exits"));
        Assert.True(b.Chip.IsAccessPortAvailable(0));
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEnteredWithDebug);
        Assert.DoesNotContain(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered);
    }

    [Theory]
    [InlineData(FamilyPart.F407, "STM32F407VG", "STM32F407G-DISC1")]
    [InlineData(FamilyPart.L476, "STM32L476RG", "NUCLEO-L476RG")]
    [InlineData(FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB")]
    public void Standby_silences_the_debug_port_and_after_nrst_the_program_sees_sbf(FamilyPart part, string device, string board)
    {
        var b = new Bench(device, board, FirmwareBuilder.BuildFamily(part, FamilyVariant.Standby));
        b.Advance(TimeSpan.FromMilliseconds(100));
        Assert.EndsWith("standby flag 0\r\nenter standby\r\n", b.Chip.ConsoleText);
        Assert.Contains("DBG_STANDBY", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);

        b.Chip.SystemReset(); // NRST ends Standby
        Assert.Null(b.Chip.DebugPortSilentReason);
        b.Advance(TimeSpan.FromMilliseconds(100));
        Assert.EndsWith("standby flag 1\r\nenter standby\r\n", b.Chip.ConsoleText); // it cleared SBF and went back
        Assert.NotNull(b.Chip.DebugPortSilentReason);
    }

    [Theory]
    [InlineData(FamilyPart.F407, "STM32F407VG", "STM32F407G-DISC1")]
    [InlineData(FamilyPart.G071, "STM32G071RB", "NUCLEO-G071RB")]
    public void With_dbg_standby_the_debug_port_answers_in_standby(FamilyPart part, string device, string board)
    {
        var b = new Bench(device, board, FirmwareBuilder.BuildFamily(part, FamilyVariant.StandbyDbg));
        b.Advance(TimeSpan.FromMilliseconds(100));

        Assert.EndsWith("enter standby\r\n", b.Chip.ConsoleText);
        Assert.Null(b.Chip.DebugPortSilentReason);
        Assert.True(b.Chip.IsAccessPortAvailable(0));
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEnteredWithDebug && e.Message.StartsWith("Standby", StringComparison.Ordinal));
    }

    /// <summary>The part on its board with the image preloaded, powered on and running from reset.</summary>
    private sealed class Bench
    {
        private readonly VirtualClock _clock = new();
        private readonly FirmwareImage _image;

        public Bench(string device, string board, string elf)
        {
            var description = DeviceCatalog.BuiltIn.Get(device);
            Chip = new VirtualChip(description, _clock, new BoardCounters(), board: BoardCatalog.Resolve(board));
            _image = ImageReader.Read(elf);
            Chip.Family.Preload(description, _image.Segments.Where(s => description.FindBank(s.Address) is not null), elf);
            Chip.SystemReset();
        }

        public VirtualChip Chip { get; }

        public void Advance(TimeSpan duration)
        {
            _clock.Advance(duration);
            Chip.AdvanceTo(_clock.Nanoseconds);
        }

        /// <summary>A word of RAM read without the debugger (the test's view, whatever the debug port does).</summary>
        public uint Word(string symbol)
        {
            var address = _image.FindSymbol(symbol)!.Address;
            Assert.Equal(BusStatus.Ok, Chip.SystemBus(Chip.Device.Cores[0].Name).Read(address, AccessSize.Word, out var value));
            return value;
        }
    }
}
