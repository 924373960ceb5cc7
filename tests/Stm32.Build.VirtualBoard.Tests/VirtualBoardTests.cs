using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Tests.Chip;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests;

/// <summary>Assembly of the board from its options: BOOT0 and the state file.</summary>
public class VirtualBoardTests
{
    private static string StateWithFirmware()
    {
        var h = new ChipHarness();
        var vector = new byte[32];
        BitConverter.GetBytes(0x2400_1000u).CopyTo(vector, 0);
        BitConverter.GetBytes(ChipHarness.Bank1Start + 0x201).CopyTo(vector, 4);
        h.Program(1, ChipHarness.Bank1Start, vector);
        var path = Path.Combine(Directory.CreateTempSubdirectory("stm32-board-").FullName, "board.state");
        h.Chip.SaveState(path);
        return path;
    }

    [Fact]
    public void A_board_assembled_with_boot0_high_boots_system_memory_not_the_saved_firmware()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = StateWithFirmware(), Boot0High = true });
        var cm7 = (CortexMCore)board.Chip.Cores[0];
        Assert.Equal(CoreRunState.Running, cm7.State);
        Assert.InRange(cm7.Pc, 0x1FF0_0000u, 0x1FF1_FFFFu);
        board.Clock.Advance(TimeSpan.FromMilliseconds(100));
        board.Chip.AdvanceTo(board.Clock.Nanoseconds);
        Assert.Equal(TimeSpan.Zero, board.Chip.UserFirmwareRunTime);
        using var plain = new VirtualBoard(new VirtualBoardOptions());
        Assert.Equal(plain.Counters.Resets, board.Counters.Resets); // assembling with BOOT0 high is not an extra reset
    }

    [Fact]
    public void A_board_assembled_with_boot0_low_runs_the_saved_firmware()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { StateFile = StateWithFirmware() });
        var cm7 = (CortexMCore)board.Chip.Cores[0];
        Assert.Equal(ChipHarness.Bank1Start + 0x200, cm7.Pc);
        board.Clock.Advance(TimeSpan.FromMilliseconds(100));
        board.Chip.AdvanceTo(board.Clock.Nanoseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(100), board.Chip.UserFirmwareRunTime);
    }
}
