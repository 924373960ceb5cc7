using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.VirtualBoard.Families.H7;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// Domains in Stop as firmware puts them there (RM0399 7.6–7.7) and what a debugger sees (DBGMCU_CR, RM0399 61.5.2):
/// without DBGSTOP_Dx the SW-DP still answers DPIDR but the domain's access port fails, only while the domain is
/// stopped; the dual-core boot handshake on RCC_CR.D2CKRDY; system Stop's STOPF.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class H7LowPowerDebugTests
{
    [Fact]
    public void Stop_without_dbgstop_silences_the_cm7_access_port_only_while_d1_is_stopped()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var image = b.Load(H7TestFirmware.Stop(debugBits: false));
        var stage = image.FindSymbol("stage")!.Address;
        var debugger = new SwdDebugger(b.Board.DebugPort);
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(debugger.TryReadWord(0, stage, out var before));
        Assert.Equal(0u, before);

        b.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(H7DomainState.Stop, b.Domains.State(H7PowerDomain.D1));
        Assert.True(debugger.DpAnswers);                          // DPIDR still reads
        Assert.False(debugger.TryReadWord(0, stage, out _));      // the CM7's access port does not
        Assert.True(debugger.TryReadWord(2, 0xE00E_1000, out _)); // D3 runs (the CM4 is not asleep): the debug APB answers
        Assert.Contains("DBGSTOP_D1", b.Chip.AccessPortBlockReason(0), StringComparison.Ordinal);
        var entered = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered);
        Assert.Equal(0, entered.Core);
        var powerOn = b.NowNs - b.Chip.TimeSincePowerOnNs;
        Assert.InRange(entered.TimeNs - powerOn, 3_000_000, 11_000_000); // after the program's 3 ms

        b.Board.DebugPort.NrstDrivenLow = true; // connect under reset
        b.Board.DebugPort.NrstDrivenLow = false;
        Assert.True(debugger.TryReadWord(0, stage, out _));
        b.Advance(TimeSpan.FromMilliseconds(10));                 // the firmware stops again
        Assert.False(debugger.TryReadWord(0, stage, out _));
    }

    [Fact]
    public void With_dbgstop_the_access_port_answers_in_stop()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var image = b.Load(H7TestFirmware.Stop(debugBits: true));
        var debugger = new SwdDebugger(b.Board.DebugPort);
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(H7DomainState.Stop, b.Domains.State(H7PowerDomain.D1));
        Assert.True(debugger.TryReadWord(0, image.FindSymbol("stage")!.Address, out var stage));
        Assert.Equal(8u, stage);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEnteredWithDebug && e.Core == 0);
        Assert.DoesNotContain(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered);
    }

    [Fact]
    public void The_cm7_sees_d2ckrdy_low_while_the_cm4_keeps_d2_in_stop_as_the_dual_core_boot_expects()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var cm7 = b.Load(H7TestFirmware.Handshake(thenStop: false));
        var cm4 = b.Load(H7TestFirmware.Cm4Stop());
        var debugger = new SwdDebugger(b.Board.DebugPort);
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal(1u, b.Variable(cm7, "handshake"));
        Assert.Equal(0u, H7Bench.Read(b.Ap(0), RccCr) & D2CkRdy);
        Assert.Equal(H7DomainState.Stop, b.Domains.State(H7PowerDomain.D2));
        Assert.Equal(H7DomainState.Run, b.Domains.State(H7PowerDomain.D1));
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered && e.Core == 1);
        var cm4Stage = cm4.FindSymbol("stage")!.Address;
        Assert.False(debugger.TryReadWord(3, cm4Stage, out _)); // the CM4's access port: D2 stopped, no DBGSTOP_D2
        Assert.True(debugger.TryReadWord(0, RccCr, out _));

        Assert.True(debugger.TryReadWord(0, DbgmcuCr, out var cr));
        H7Bench.Write(b.Ap(0), DbgmcuCr, cr | (1u << 4));       // DBGSTOP_D2, as a debugger of the CM4 sets it
        Assert.True(debugger.TryReadWord(3, cm4Stage, out var stage));
        Assert.Equal(8u, stage);
    }

    [Fact]
    public void When_both_domains_stop_the_system_stops_and_stopf_survives_the_reset_that_ends_it()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        b.Load(H7TestFirmware.Handshake(thenStop: true));
        b.Load(H7TestFirmware.Cm4Stop());
        var debugger = new SwdDebugger(b.Board.DebugPort);
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal(H7DomainState.Stop, b.Domains.State(H7PowerDomain.D3));
        Assert.True(debugger.DpAnswers);
        Assert.False(debugger.TryReadWord(2, 0xE00E_1000, out _)); // D3 stopped without DBGSTOP_D3
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.LowPowerEntered && e.Message.StartsWith("D3", StringComparison.Ordinal));

        b.Board.DebugPort.NrstDrivenLow = true;
        b.Board.DebugPort.NrstDrivenLow = false;
        Assert.True(debugger.TryReadWord(0, PwrCpuCr, out var cpucr));
        Assert.NotEqual(0u, cpucr & (1u << 5)); // STOPF: the system has been in Stop
        H7Bench.Write(b.Ap(0), PwrCpuCr, cpucr | (1u << 9)); // CSSF
        Assert.Equal(0u, H7Bench.Read(b.Ap(0), PwrCpuCr) & (1u << 5));
        Assert.NotEqual(0u, H7Bench.Read(b.Ap(3), PwrCpu2Cr) & (1u << 5)); // the CM4's flag is its own
    }
}
