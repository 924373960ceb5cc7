using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.Common;

/// <summary>
/// Stop, Standby and Shutdown on the single-core families (F1, F4, F7, L4, G4, G0) as each manual's low-power and
/// DBGMCU sections describe them (<see cref="LowPowerProfile"/>), driven by a five-instruction program in flash that
/// sets SCB_SCR.SLEEPDEEP and executes WFI (ARMv6-M/ARMv7-M encodings, so it runs on the Cortex-M0+ too); the PWR
/// selection and the DBGMCU bits are written by the debugger before the program runs, as firmware would.
/// </summary>
public sealed class LowPowerControlTests
{
    private const uint PwrBase = 0x4000_7000, ScbScr = 0xE000_ED10;
    private const uint DbgStop = 1u << 1, DbgStandby = 1u << 2;

    /// <summary>Per family: the part, the PWR selection for Stop and for Standby, the status register and its SBF, CSBF's register and bit, DBGMCU_CR.</summary>
    public static TheoryData<string, uint, uint, uint, uint, uint, uint, uint> Parts => new()
    {
        // RM0008 5.4: PWR_CR LPDS bit 0 / PDDS bit 1, PWR_CSR.SBF bit 1, PWR_CR.CSBF bit 3; DBGMCU_CR 0xE0042004.
        { "STM32F103RB", 0x1, 0x2, PwrBase + 0x04, 1u << 1, PwrBase + 0x00, 1u << 3, 0xE004_2004 },
        // RM0090 5.4: the same bits.
        { "STM32F407VG", 0x1, 0x2, PwrBase + 0x04, 1u << 1, PwrBase + 0x00, 1u << 3, 0xE004_2004 },
        // RM0385 4.4: PWR_CR1 LPDS/PDDS/CSBF, PWR_CSR1.SBF bit 1.
        { "STM32F746ZG", 0x1, 0x2, PwrBase + 0x04, 1u << 1, PwrBase + 0x00, 1u << 3, 0xE004_2004 },
        // RM0351 5.4: PWR_CR1.LPMS 001 Stop 1 / 011 Standby, PWR_SR1.SBF bit 8, PWR_SCR.CSBF bit 8.
        { "STM32L476RG", 0x1, 0x3, PwrBase + 0x10, 1u << 8, PwrBase + 0x18, 1u << 8, 0xE004_2004 },
        // RM0440 6.4: as the L4.
        { "STM32G474RE", 0x1, 0x3, PwrBase + 0x10, 1u << 8, PwrBase + 0x18, 1u << 8, 0xE004_2004 },
        // RM0444 4.4: as the L4; DBG_CR on the APB at 0x40015804.
        { "STM32G071RB", 0x1, 0x3, PwrBase + 0x10, 1u << 8, PwrBase + 0x18, 1u << 8, 0x4001_5804 },
    };

    [Theory]
    [MemberData(nameof(Parts))]
    public void Stop_without_dbg_stop_fails_the_access_port_keeps_the_dp_and_stops_the_core_clock_until_nrst(
        string device, uint stop, uint standby, uint status, uint sbf, uint clear, uint csbf, uint dbgmcuCr)
    {
        _ = (standby, status, sbf, clear, csbf, dbgmcuCr);
        var b = new Bench(device);
        b.Start(stop, dbgmcu: 0);
        b.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(LowPowerMode.Stop, b.LowPower.Mode);
        Assert.True(b.Chip.Family.DeepSleepStopsCoreClock(0));
        Assert.False(b.Chip.IsAccessPortAvailable(0));
        Assert.Null(b.Chip.DebugPortSilentReason); // the SW-DP still answers DPIDR
        Assert.Contains("DBG_STOP", b.Chip.AccessPortBlockReason(0), StringComparison.Ordinal);
        var entered = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered);
        Assert.StartsWith("Stop", entered.Message, StringComparison.Ordinal);
        Assert.Equal(Bench.WfiAddress + 2, entered.Pc); // where the sleeping core resumes; the WFI is the core's sleep event
        Assert.Equal(Bench.WfiAddress, b.Chip.Trace.Events.Last(e => e.Kind == ChipEventKind.CoreSleep && e.TimeNs <= entered.TimeNs).Pc);
        b.Advance(TimeSpan.FromMilliseconds(5));
        Assert.False(b.Chip.IsAccessPortAvailable(0)); // nothing wakes it: SysTick stopped with the core clock

        b.Chip.NrstLow = true; // connect under reset
        b.Chip.NrstLow = false;
        Assert.True(b.Chip.IsAccessPortAvailable(0));
        Assert.Equal(LowPowerMode.Run, b.LowPower.Mode);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void With_dbg_stop_the_core_clock_runs_and_the_access_port_answers_in_stop(
        string device, uint stop, uint standby, uint status, uint sbf, uint clear, uint csbf, uint dbgmcuCr)
    {
        _ = (standby, status, sbf, clear, csbf);
        var b = new Bench(device);
        b.Start(stop, dbgmcu: DbgStop, dbgmcuCr);
        b.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(LowPowerMode.Stop, b.LowPower.Mode);
        Assert.False(b.Chip.Family.DeepSleepStopsCoreClock(0));
        Assert.True(b.Chip.IsAccessPortAvailable(0));
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEnteredWithDebug);
        Assert.DoesNotContain(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Standby_silences_the_debug_port_sets_sbf_through_the_reset_that_ends_it_and_csbf_clears_it(
        string device, uint stop, uint standby, uint status, uint sbf, uint clear, uint csbf, uint dbgmcuCr)
    {
        _ = (stop, dbgmcuCr);
        var b = new Bench(device);
        Assert.Equal(0u, b.Read(status) & sbf);
        b.Start(standby, dbgmcu: 0);
        b.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(LowPowerMode.Standby, b.LowPower.Mode);
        Assert.Contains("DBG_STANDBY", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        Assert.StartsWith("Standby", Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered).Message, StringComparison.Ordinal);

        b.Chip.SystemReset(); // NRST: Standby ends with a reset; SBF survives it
        Assert.Null(b.Chip.DebugPortSilentReason);
        Assert.Equal(sbf, b.Read(status) & sbf);
        b.Write(status, 0); // read-only: a write does not clear it
        Assert.Equal(sbf, b.Read(status) & sbf);
        b.Write(clear, b.Read(clear) | csbf);
        Assert.Equal(0u, b.Read(status) & sbf);
        Assert.Equal(0u, b.Read(clear) & csbf); // CSBF reads 0
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void With_dbg_standby_the_debug_port_answers_in_standby_and_the_core_stays_asleep(
        string device, uint stop, uint standby, uint status, uint sbf, uint clear, uint csbf, uint dbgmcuCr)
    {
        _ = (stop, clear, csbf);
        var b = new Bench(device);
        b.Start(standby, dbgmcu: DbgStandby, dbgmcuCr);
        b.Advance(TimeSpan.FromMilliseconds(3));

        Assert.Equal(LowPowerMode.Standby, b.LowPower.Mode);
        Assert.Null(b.Chip.DebugPortSilentReason);
        Assert.True(b.Chip.IsAccessPortAvailable(0));
        Assert.Equal(sbf, b.Read(status) & sbf);
        Assert.Equal(CoreRunState.Sleeping, b.Chip.Cores[0].State);
    }

    [Fact]
    public void A_power_on_reset_clears_sbf()
    {
        var b = new Bench("STM32F407VG");
        b.Start(0x2, dbgmcu: 0);
        b.Advance(TimeSpan.FromMilliseconds(1));
        b.Chip.PowerOff();
        b.Chip.PowerOn();
        Assert.Equal(0u, b.Read(PwrBase + 0x04) & (1u << 1));
    }

    [Theory]
    [InlineData("STM32L476RG", 0xE004_2004)]
    [InlineData("STM32G474RE", 0xE004_2004)]
    [InlineData("STM32G071RB", 0x4001_5804)]
    public void Shutdown_silences_the_debug_port_even_with_dbg_standby_and_sets_no_sbf(string device, uint dbgmcuCr)
    {
        var b = new Bench(device);
        b.Start(0x4, dbgmcu: DbgStop | DbgStandby, dbgmcuCr); // LPMS = 1xx
        b.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(LowPowerMode.Shutdown, b.LowPower.Mode);
        Assert.Contains("Shutdown", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);
        b.Chip.SystemReset();
        Assert.Equal(0u, b.Read(PwrBase + 0x10) & (1u << 8));
    }

    [Fact]
    public void The_wkup_pin_ends_standby_with_a_reset_and_wuf_when_ewup_is_set()
    {
        var b = new Bench("STM32F407VG");
        b.Start(0x2, dbgmcu: 0);
        b.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(b.LowPower.WakeUpPin()); // PWR_CSR.EWUP clear: the pin is not a wake-up source (RM0090 5.4.2)

        b.Chip.SystemReset();
        b.Write(PwrBase + 0x04, 1u << 8); // EWUP
        b.Write(PwrBase + 0x00, 0x2);
        b.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(LowPowerMode.Standby, b.LowPower.Mode);
        Assert.True(b.LowPower.WakeUpPin());

        Assert.Equal(LowPowerMode.Run, b.LowPower.Mode);
        Assert.Equal(0x3u, b.Read(PwrBase + 0x04) & 0x3); // WUF and SBF
        b.Write(PwrBase + 0x00, 1u << 2); // CWUF
        Assert.Equal(0x2u, b.Read(PwrBase + 0x04) & 0x3);
    }

    [Fact]
    public void Sleep_without_sleepdeep_is_not_a_low_power_mode()
    {
        var b = new Bench("STM32F407VG", sleepDeep: false);
        b.Start(0x2, dbgmcu: 0);
        b.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(CoreRunState.Sleeping, b.Chip.Cores[0].State);
        Assert.Equal(LowPowerMode.Run, b.LowPower.Mode);
        Assert.True(b.Chip.IsAccessPortAvailable(0));
        Assert.DoesNotContain(b.Chip.Trace.Events, e => e.Kind is ChipEventKind.LowPowerEntered or ChipEventKind.LowPowerEnteredWithDebug);
    }

    /// <summary>A bare chip of <paramref name="device"/> with the WFI program in flash.</summary>
    private sealed class Bench
    {
        /// <summary>The address of the program's WFI.</summary>
        public const uint WfiAddress = 0x0800_000E;

        private readonly VirtualClock _clock = new();

        public Bench(string device, bool sleepDeep = true)
        {
            var description = DeviceCatalog.BuiltIn.Get(device);
            Chip = new VirtualChip(description, _clock, new BoardCounters());
            Chip.Family.Preload(description, [new ImageSegment(0x0800_0000, Program(sleepDeep))]);
            LowPower = Chip.Family switch
            {
                Stm32.Build.VirtualBoard.Families.F1.F1Family f => f.LowPower!,
                Stm32.Build.VirtualBoard.Families.F4.F4Family f => f.LowPower!,
                Stm32.Build.VirtualBoard.Families.F7.F7Family f => f.LowPower!,
                Stm32.Build.VirtualBoard.Families.L4.L4Family f => f.LowPower!,
                Stm32.Build.VirtualBoard.Families.G0.G0Family f => f.LowPower!,
                _ => throw new InvalidOperationException(device),
            };
        }

        public VirtualChip Chip { get; }

        public LowPowerControl LowPower { get; }

        private ISystemBus Ap0 => Chip.AccessPortBus(0)!;

        /// <summary>Resets the chip, writes the PWR selection and DBGMCU_CR as the debugger, and lets the program run.</summary>
        public void Start(uint pwrControl, uint dbgmcu, uint dbgmcuCr = 0)
        {
            Chip.SystemReset();
            Write(PwrBase, (Read(PwrBase) & ~7u) | pwrControl);
            if (dbgmcuCr != 0)
            {
                Write(dbgmcuCr, dbgmcu);
            }
        }

        public uint Read(uint address)
        {
            Assert.Equal(BusStatus.Ok, Ap0.Read(address, AccessSize.Word, out var value));
            return value;
        }

        public void Write(uint address, uint value) => Assert.Equal(BusStatus.Ok, Ap0.Write(address, AccessSize.Word, value));

        public void Advance(TimeSpan duration)
        {
            _clock.Advance(duration);
            Chip.AdvanceTo(_clock.Nanoseconds);
        }

        /// <summary>
        /// Vector table (SP 0x20001000, reset 0x08000009) and at 0x08000008: ldr r0, [pc, #8]; movs r1, #4 (or #0);
        /// str r1, [r0] (SCB_SCR.SLEEPDEEP); wfi; b . — with the literal SCB_SCR at 0x08000018 (ARMv7-M A7.7.43, A7.7.76, A7.7.162, A7.7.261, A7.7.12).
        /// </summary>
        private static byte[] Program(bool sleepDeep)
        {
            var p = new byte[0x1C];
            BinaryPrimitives.WriteUInt32LittleEndian(p, 0x2000_1000);
            BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), 0x0800_0009);
            ushort[] code = [0x4803, 0x2100, 0x6001, 0xBF00, 0xE7FE];
            code[1] = (ushort)(0x2100 | (sleepDeep ? 4 : 0));
            for (var i = 0; i < code.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(8 + 2 * i), code[i]);
            }
            BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(8 + 6), 0xBF30); // wfi at 0x0800000E
            BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(0x18), ScbScr);
            return p;
        }
    }
}
