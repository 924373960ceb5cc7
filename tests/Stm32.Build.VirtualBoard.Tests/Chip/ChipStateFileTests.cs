using Stm32.Build.Emulator.Cpu;
using Xunit;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>SaveState/LoadState: flash, option bytes and BOOT0 round-trip; bad files are coded errors.</summary>
public sealed class ChipStateFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stm32-chip-state-" + Guid.NewGuid().ToString("N"));

    public ChipStateFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static ChipHarness Configured()
    {
        var h = new ChipHarness();
        h.Program(1, ChipHarness.Bank1Start + 0x100, ChipHarness.Pattern(1));
        h.Program(2, ChipHarness.Bank2Start + 0x2_0000, ChipHarness.Pattern(2));
        h.Program(2, ChipHarness.Bank2Start, ChipHarness.Pattern(3));
        h.Program(2, ChipHarness.Bank2Start, ChipHarness.Pattern(4)); // an inconsistent-ECC word
        h.UnlockOptions();
        h.WriteFlashRegister(1, FlashRegister.BOOT7_PRGR, 0x1FF0_0810);
        h.WriteFlashRegister(1, FlashRegister.OPTCR, 1u << 1);
        h.AdvanceBy(TimeSpan.FromSeconds(2));
        h.Chip.Boot0High = true;
        return h;
    }

    [Fact]
    public void Flash_option_bytes_and_boot0_round_trip()
    {
        var saved = Configured();
        var path = PathOf("board.state");
        saved.Chip.SaveState(path);

        var loaded = new ChipHarness();
        loaded.Chip.LoadState(path);
        Assert.True(loaded.Chip.FlashBank(1).SequenceEqual(saved.Chip.FlashBank(1)));
        Assert.True(loaded.Chip.FlashBank(2).SequenceEqual(saved.Chip.FlashBank(2)));
        Assert.True(loaded.Chip.Boot0High);
        Assert.Equal(0x1FF0_0810u, loaded.ReadFlashRegister(1, FlashRegister.BOOT7_CURR));
        Assert.Equal(Execution.BusStatus.Fault, loaded.Ap0.Read(ChipHarness.Bank2Start, Execution.AccessSize.Word, out _));
        Assert.Equal(Execution.BusStatus.Ok, loaded.Ap0.Read(ChipHarness.Bank1Start + 0x100, Execution.AccessSize.Word, out _));
    }

    [Fact]
    public void A_loaded_chip_comes_up_running_the_loaded_firmware()
    {
        var saved = new ChipHarness();
        var vector = new byte[32];
        BitConverter.GetBytes(0x2400_1000u).CopyTo(vector, 0);
        BitConverter.GetBytes(0x0800_0401u).CopyTo(vector, 4);
        saved.Program(1, ChipHarness.Bank1Start, vector);
        var loop = new byte[32];
        BitConverter.GetBytes((ushort)0xE7FE).CopyTo(loop, 0); // the reset handler: b .
        saved.Program(1, ChipHarness.Bank1Start + 0x400, loop);
        var path = PathOf("firmware.state");
        saved.Chip.SaveState(path);

        var loaded = new ChipHarness();
        loaded.AdvanceBy(TimeSpan.FromMicroseconds(1));
        Assert.Equal(Execution.CoreRunState.LockedUp, loaded.Chip.Cores[0].State); // erased flash at first
        var resets = loaded.Counters.Resets;
        loaded.Chip.LoadState(path);
        Assert.Equal(Execution.CoreRunState.Running, loaded.Chip.Cores[0].State);
        Assert.Equal(0x0800_0400u, ((CortexMCore)loaded.Chip.Cores[0]).Pc);
        Assert.Equal(resets, loaded.Counters.Resets);
        loaded.AdvanceBy(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(10), loaded.Chip.UserFirmwareRunTime);
    }

    [Fact]
    public void A_damaged_file_is_stm5001_with_the_offset_and_leaves_the_chip_unchanged()
    {
        var path = PathOf("damaged.state");
        Configured().Chip.SaveState(path);
        var bytes = File.ReadAllBytes(path);
        bytes[200_000] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var target = new ChipHarness();
        target.Program(1, ChipHarness.Bank1Start, ChipHarness.Pattern(9));
        var error = Assert.Throws<ChipStateFormatException>(() => target.Chip.LoadState(path));
        Assert.Equal(DiagnosticCodes.BoardStateCorrupt, error.Code);
        Assert.Equal(path, error.Diagnostic.File);
        Assert.NotNull(error.Diagnostic.Offset);
        Assert.True(target.Chip.FlashBank(1)[..32].SequenceEqual(ChipHarness.Pattern(9)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(45)]
    [InlineData(1_048_000)]
    public void A_truncated_file_is_stm5001(int length)
    {
        var path = PathOf("whole.state");
        Configured().Chip.SaveState(path);
        var truncated = PathOf("truncated.state");
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..length]);
        var error = Assert.Throws<ChipStateFormatException>(() => new ChipHarness().Chip.LoadState(truncated));
        Assert.Equal("STM5001", error.Code);
    }

    [Fact]
    public void A_file_that_is_not_a_state_file_is_stm5001()
    {
        var path = PathOf("text.state");
        File.WriteAllText(path, new string('x', 500));
        var error = Assert.Throws<ChipStateFormatException>(() => new ChipHarness().Chip.LoadState(path));
        Assert.Equal("STM5001", error.Code);
        Assert.Equal(0, error.Diagnostic.Offset);
    }

    [Fact]
    public void A_missing_file_is_stm5001()
    {
        var error = Assert.Throws<ChipStateFormatException>(() => new ChipHarness().Chip.LoadState(PathOf("none.state")));
        Assert.Equal("STM5001", error.Code);
    }

    [Fact]
    public void A_state_from_a_device_with_another_flash_layout_is_stm5002()
    {
        var path = PathOf("xg.state");
        new ChipHarness("STM32H747XG").Chip.SaveState(path);
        var error = Assert.Throws<ChipStateFormatException>(() => new ChipHarness().Chip.LoadState(path));
        Assert.Equal(DiagnosticCodes.BoardStateDeviceMismatch, error.Code);
    }

    [Fact]
    public void An_unwritable_path_is_stm5003()
    {
        var blocker = PathOf("file");
        File.WriteAllText(blocker, "x");
        var error = Assert.Throws<Stm32Exception>(() => new ChipHarness().Chip.SaveState(Path.Combine(blocker, "sub", "s.state")));
        Assert.Equal(DiagnosticCodes.BoardStateNotWritable, error.Code);
    }
}
