using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.VirtualBoard.Probe;
using Stm32.Build.VirtualBoard.Tests.Probe;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// Firmware that turns PA13/PA14 into outputs (tests/firmware/h747/swd_off.c) on the emulated Cortex-M7, observed
/// through the virtual ST-LINK as a debugger: the debug port goes silent, NRST brings it back, connect-under-reset
/// stops the firmware before it takes the pins.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class SwdPinFirmwareTests
{
    private const uint DbgmcuIdc = 0x5C00_1000, Demcr = 0xE000_EDFC;

    [Fact]
    public void Pins_taken_by_firmware_silence_swd_until_nrst_and_connect_under_reset_gets_in()
    {
        var board = new VirtualBoard(new VirtualBoardOptions());
        var host = new BoardHost(board);
        Assert.Equal(0x80, host.Enter());
        var image = H7IoFirmware.Load(board.Chip, FirmwareBuilder.BuildH747(FirmwareVariant.Cm7SwdOff));
        host.WriteWord(0xE000_EDF0, 0xA05F_0000);                  // debug off, then a hardware reset: the firmware runs
        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 0)[0]);
        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 1)[0]);
        host.Idle(3);

        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.Enter()); // the SW-DP does not answer at all
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.ReadIdCodesStatus());
        Assert.Contains("SWDIO (PA13)", board.Chip.DebugBlockReason);
        var taken = board.Chip.Trace.Events.Where(e => e.Kind == ChipEventKind.DebugPinReassigned).ToList();
        Assert.Equal(2, taken.Count);                              // PA13 and PA14 by one GPIOA_MODER store
        var main = H7IoFirmware.Function(image, "main");
        Assert.All(taken, e =>
        {
            Assert.Equal(0, e.Core);
            Assert.InRange(e.Pc, main.Start, main.End - 1);
            Assert.Contains("general-purpose output", e.Message);
        });

        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 0)[0]);        // DRIVE_NRST low: the pins are back in reset state
        Assert.Null(board.Chip.DebugBlockReason);
        Assert.Equal(0x80, host.Enter());
        host.WriteWord(Demcr, 1);                                  // VC_CORERESET
        host.Halt();
        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 1)[0]);        // NRST released: the core halts at its reset vector
        host.Idle(3);
        Assert.Equal(0x450u, host.ReadWord(DbgmcuIdc) & 0xFFF);  // DBGMCU_IDC.DEV_ID (RM0399 DBGMCU)
        Assert.Equal(0x80, host.LastStatus().Status);
        Assert.Null(board.Chip.DebugBlockReason);
    }
}
