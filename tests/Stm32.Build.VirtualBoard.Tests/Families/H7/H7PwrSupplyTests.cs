using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.H7;
using Xunit;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Addresses;
using static Stm32.Build.VirtualBoard.Tests.Families.H7.H7Bench;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// PWR_CR3's supply configuration (RM0399 7.4, 7.8): latched by the first write after power-on and checked against
/// the board's wiring; a configuration the wiring does not take collapses the core supply and silences the SW-DP
/// until a power cycle.
/// </summary>
public sealed class H7PwrSupplyTests
{
    [Fact]
    public void The_first_write_latches_the_supply_and_later_writes_cannot_change_it()
    {
        var b = new H7Bench("STM32H747I-DISCO"); // wired for direct SMPS
        Assert.Equal(0x06u, Read(b.Cm7, PwrCr3) & 0x3F); // the power-on default: SMPS and LDO enabled
        Write(b.Cm7, PwrCr3, (Read(b.Cm7, PwrCr3) & ~0x3Fu) | 0x04);
        Assert.Equal(0x04u, b.Pwr.LatchedSupply);
        Assert.True(b.Pwr.SupplyAccepted);
        Assert.Equal(0u, Read(b.Cm7, PwrCsr1) & ActVosRdy); // the regulator settles
        b.AdvanceNs(150_000);
        Assert.NotEqual(0u, Read(b.Cm7, PwrCsr1) & ActVosRdy);

        Write(b.Cm7, PwrCr3, (Read(b.Cm7, PwrCr3) & ~0x3Fu) | 0x02 | (1u << 8)); // LDO, and VBE
        Assert.Equal(0x04u, Read(b.Cm7, PwrCr3) & 0x3F);
        Assert.NotEqual(0u, Read(b.Cm7, PwrCr3) & (1u << 8)); // the other bits stay writable
        var configured = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.SupplyConfigured);
        Assert.Equal(0x04u, configured.Value);
        Assert.DoesNotContain(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.SupplyLost);

        b.Chip.SystemReset(); // only a power-on unlocks it
        Write(b.Cm7, PwrCr3, 0x02);
        Assert.Equal(0x04u, Read(b.Cm7, PwrCr3) & 0x3F);
        b.PowerCycle();
        Assert.Null(b.Pwr.LatchedSupply);
        Assert.Equal(0x06u, Read(b.Cm7, PwrCr3) & 0x3F);
    }

    [Fact]
    public void Direct_smps_on_a_board_wired_for_the_ldo_loses_the_core_supply_until_a_power_cycle()
    {
        var b = new H7Bench("custom-h747-ldo");
        var debugger = new SwdDebugger(b.Board.DebugPort);
        Assert.True(debugger.DpAnswers);
        Write(b.Cm7, PwrCr3, (Read(b.Cm7, PwrCr3) & ~0x3Fu) | 0x04);
        Assert.True(b.Chip.SupplyLost);
        Assert.False(b.Pwr.SupplyAccepted);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.SupplyLost && e.Message.Contains("wired for ldo", StringComparison.Ordinal));
        Assert.False(debugger.DpAnswers);                  // no acknowledge at all: "no target found"
        Assert.Equal(3.3, b.Board.DebugPort.TargetVoltage); // VDD is still there
        Assert.Contains("core supply collapsed", b.Chip.DebugPortSilentReason, StringComparison.Ordinal);

        b.Board.DebugPort.NrstDrivenLow = true; // a reset does not bring VCORE back
        b.Board.DebugPort.NrstDrivenLow = false;
        Assert.False(debugger.DpAnswers);

        b.PowerCycle();
        Assert.False(b.Chip.SupplyLost);
        Assert.True(debugger.DpAnswers);
        Assert.True(debugger.TryReadWord(0, 0x5C00_1000, out var idc));
        Assert.Equal(0x450u, idc & 0xFFF);
    }

    [Fact]
    public void Writing_the_power_on_default_back_is_taken_by_every_board()
    {
        var b = new H7Bench("custom-h747-ldo");
        Write(b.Cm7, PwrCr3, Read(b.Cm7, PwrCr3) | (1u << 24)); // a USB bit, supply bits as they were
        Assert.Equal(0x06u, b.Pwr.LatchedSupply);
        Assert.True(b.Pwr.SupplyAccepted);
        Assert.False(b.Chip.SupplyLost);
    }

    [Fact]
    public void The_supply_override_of_the_options_replaces_the_boards_wiring()
    {
        var b = new H7Bench("STM32H747I-DISCO", supply: SupplyWiring.Ldo);
        Assert.Equal(SupplyWiring.Ldo, b.Chip.Board.Supply);
        Write(b.Cm7, PwrCr3, 0x04);
        Assert.True(b.Chip.SupplyLost);
    }

    [Fact]
    public void Parts_without_smps_report_scuen_until_the_first_write()
    {
        var b = new H7Bench(device: "STM32H743ZI");
        Assert.False(b.Pwr.HasSmps);
        Assert.NotEqual(0u, Read(b.Cm7, PwrCr3) & (1u << 2)); // SCUEN
        Write(b.Cm7, PwrCr3, 0x02);
        Assert.Equal(0u, Read(b.Cm7, PwrCr3) & (1u << 2));
        Assert.True(b.Pwr.SupplyAccepted);
        Write(b.Cm7, PwrCr3, 0x01);                          // bypass: locked out
        Assert.Equal(0x02u, Read(b.Cm7, PwrCr3) & 0x03);
    }

    [Fact]
    public void A_board_wired_for_a_supply_the_device_does_not_have_is_stm5107()
    {
        var e = Assert.Throws<Stm32Exception>(() => new H7Bench(device: "STM32H743ZI", supply: SupplyWiring.DirectSmps));
        Assert.Equal(DiagnosticCodes.SupplyNotOnDevice, e.Diagnostic.Code);
        Assert.Contains("direct-smps", e.Diagnostic.Message, StringComparison.Ordinal);
    }
}
