using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The reported failure as it arises from firmware: a start-up that selects the direct SMPS, flashed on a board
/// wired for the LDO, collapses the core supply at its PWR_CR3 store; the debug port stays silent through NRST and
/// through power cycles while the firmware runs again; a power-on with BOOT0 high (system memory, which never writes
/// PWR_CR3) brings the debugger back. The same firmware on the direct-SMPS DISCO board is fine.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class H7SupplyFirmwareTests
{
    [Fact]
    public void Direct_smps_firmware_on_an_ldo_board_silences_the_debug_port_until_a_power_on_with_boot0_high()
    {
        var b = new H7Bench("custom-h747-ldo");
        b.Load(H7TestFirmware.Clock480(H7TestFirmware.DirectSmpsSupply));
        var debugger = new SwdDebugger(b.Board.DebugPort);
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(5));

        Assert.True(b.Chip.SupplyLost);
        var lost = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.SupplyLost);
        Assert.Equal(0, lost.Core);          // the Cortex-M7's store to PWR_CR3
        Assert.Equal(0x04u, lost.Value);
        var retired = b.Chip.Cores[0].InstructionsRetired;
        b.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(retired, b.Chip.Cores[0].InstructionsRetired); // the cores stopped
        Assert.False(debugger.DpAnswers);

        b.Board.DebugPort.NrstDrivenLow = true;  // connect under reset does not help: VCORE is gone
        Assert.False(debugger.DpAnswers);
        b.Board.DebugPort.NrstDrivenLow = false;

        b.PowerCycle();                          // the firmware runs again and does it again
        Assert.True(debugger.DpAnswers);         // for its first microseconds
        b.Advance(TimeSpan.FromMilliseconds(5));
        Assert.False(debugger.DpAnswers);

        b.Board.Boot0High = true;
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(debugger.DpAnswers);
        Assert.True(debugger.TryReadWord(0, 0x5C00_1000, out var idc));
        Assert.Equal(0x450u, idc & 0xFFF);
        Assert.Null(b.Pwr.LatchedSupply);        // the system memory never wrote PWR_CR3
        Assert.False(b.Chip.SupplyLost);
    }

    [Fact]
    public void Direct_smps_firmware_on_the_disco_board_keeps_running_and_answering_but_vos0_is_out_of_spec_there()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        var image = b.Load(H7TestFirmware.Clock480(H7TestFirmware.DirectSmpsSupply));
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(10));
        Assert.False(b.Chip.SupplyLost);
        Assert.True(b.Pwr.SupplyAccepted);
        Assert.Equal(5u, b.Variable(image, "stage"));
        Assert.True(new SwdDebugger(b.Board.DebugPort).DpAnswers);
        // The program asks for VOS0 (480 MHz), which needs the LDO: with the direct SMPS VCORE overshoots.
        var outOfSpec = Assert.Single(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.OutOfSpec);
        Assert.Contains("VOS0 with the SMPS supplying VCORE directly", outOfSpec.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ldo_firmware_on_the_direct_smps_disco_board_loses_the_supply_too()
    {
        var b = new H7Bench("STM32H747I-DISCO");
        b.Load(H7TestFirmware.Clock480(H7TestFirmware.LdoSupply));
        b.PowerCycle();
        b.Advance(TimeSpan.FromMilliseconds(5));
        Assert.True(b.Chip.SupplyLost);
        Assert.Contains(b.Chip.Trace.Events, e => e.Kind == ChipEventKind.SupplyLost && e.Message.Contains("wired for direct-smps", StringComparison.Ordinal));
        Assert.False(new SwdDebugger(b.Board.DebugPort).DpAnswers);
    }
}
