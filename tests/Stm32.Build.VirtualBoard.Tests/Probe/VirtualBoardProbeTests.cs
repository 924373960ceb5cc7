using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Probe;
using Stm32.Build.VirtualBoard.Tests.Families.H7;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

/// <summary>The probe's replies on the composed board (real chip model): board faults and chip errors as a host sees them.</summary>
public sealed class VirtualBoardProbeTests
{
    private static BoardHost Host(params string[] faults) =>
        new(new VirtualBoard(new VirtualBoardOptions { Probe = ProbeModel.V2_1, Faults = [.. faults.Select(BoardFault.Parse)] }));

    [Fact]
    public void The_board_answers_with_the_H747_identity()
    {
        var host = Host();
        Assert.Equal(0x80, host.Enter());
        Assert.Equal(0x80, host.ReadIdCodesStatus());
        Assert.Equal(0x450u, host.ReadWord(0x5C001000) & 0xFFF); // DBGMCU_IDC.DEV_ID (RM0399 61.5)
        Assert.Equal(0x80, host.LastStatus().Status);
    }

    [Fact]
    public void Reading_unmapped_memory_reports_SWD_AP_FAULT_at_the_address()
    {
        var host = Host();
        host.Enter();
        host.ReadWord(0x60000000); // FMC bank 1: nothing there
        Assert.Equal(((byte)StLinkStatus.SwdApFault, 0x60000000u), host.LastStatus());
    }

    [Fact]
    public void Writing_locked_flash_completes_but_sets_PGSERR_and_leaves_the_flash_erased()
    {
        var host = Host();
        host.Enter();
        host.Halt();
        host.WriteBlock(0x08000000, new byte[32]);
        Assert.Equal(0x80, host.LastStatus().Status); // RM0399 4.9.5: no bus error, a programming sequence error flag
        Assert.NotEqual(0u, host.ReadWord(BoardHost.FlashSr1) & BoardHost.SrPgserr);
        Assert.All(host.Board.Chip.FlashBank(1)[..32].ToArray(), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    [Trait("Requires", "gcc")]
    public void Swd_pins_taken_by_firmware_are_seen_as_IDCODE_errors_until_NRST_is_asserted()
    {
        var host = Host();
        host.Enter();
        H7IoFirmware.Load(host.Board.Chip, FirmwareBuilder.BuildH747(FirmwareVariant.Cm7SwdOff));
        host.WriteWord(BoardHost.Dhcsr, 0xA05F_0000);      // debug off, then a hardware reset: the firmware boots
        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 0)[0]); // and makes PA13/PA14 outputs
        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 1)[0]);
        host.Idle(3);                         // full-speed round trips: at least 1 ms each
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.ReadIdCodesStatus());
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.Enter());
        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 0)[0]); // DRIVE_NRST low: the pins are back in SWD
        Assert.Equal(0x80, host.Enter());                  // connect under reset works
        Assert.Equal(0x80, host.ReadIdCodesStatus());
    }

    [Fact]
    public void Supply_lockup_needs_a_power_cycle_with_BOOT0_high()
    {
        var host = Host("supply-lockup");
        host.Enter();
        host.ProgramVectorTable();
        host.ResetRun();
        host.Idle(2);
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.ReadIdCodesStatus());
        host.In(2, 0xF2, 0x3C, 0);
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.Enter()); // NRST does not help
        host.In(2, 0xF2, 0x3C, 1);
        host.Board.PowerCycle();
        host.Idle(2);
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.Enter()); // BOOT0 low: the firmware runs and locks up again
        host.Board.Boot0High = true;
        host.Board.PowerCycle();
        Assert.Equal(0x80, host.Enter());
        Assert.Equal(0x80, host.ReadIdCodesStatus());
    }

    [Fact]
    public void No_target_power_reads_zero_volts_and_nothing_answers()
    {
        var host = Host("no-target-power");
        var voltage = host.In(8, 0xF7);
        Assert.Equal(0u, BitConverter.ToUInt32(voltage, 4));
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.Enter());
        host.Board.PowerCycle(); // the supply stays off
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, host.Enter());
    }

    [Fact]
    public void Nrst_unwired_leaves_the_chip_out_of_reset()
    {
        var host = Host("nrst-unwired");
        host.Enter();
        Assert.Equal(0x80, host.In(2, 0xF2, 0x3C, 0)[0]); // the probe drives its pin...
        Assert.False(host.Board.Chip.NrstLow);            // ...which is not connected
    }

    [Fact]
    public void The_state_file_keeps_flash_across_boards()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vb-{Guid.NewGuid():N}.state");
        try
        {
            using (var board = new VirtualBoard(new VirtualBoardOptions { Probe = ProbeModel.V2_1, StateFile = path }))
            {
                var host = new BoardHost(board);
                host.Enter();
                host.ProgramVectorTable(0x2001FFF0);
            }
            using var again = new VirtualBoard(new VirtualBoardOptions { StateFile = path });
            Assert.Equal(0x2001FFF0u, BitConverter.ToUInt32(again.Chip.FlashBank(1)[..4]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
