using System.Buffers.Binary;
using System.Security.Cryptography;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>The board as data on the virtual board: <see cref="VirtualBoardOptions.Board"/> and <see cref="VirtualBoardOptions.Supply"/>, kept in the state file.</summary>
public sealed class VirtualBoardBoardOptionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stm32-board-options-" + Guid.NewGuid().ToString("N"));

    public VirtualBoardBoardOptionsTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Without_a_board_the_chip_sits_on_the_bare_board_of_the_device()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32H743ZI" });
        Assert.Equal("bare", board.Chip.Board.Name);
        Assert.Equal("STM32H743ZI", board.Chip.Device.Name);
        Assert.Equal(SupplyWiring.Ldo, board.Chip.Board.Supply);
        Assert.Null(board.Chip.Board.Hse);
    }

    [Fact]
    public void A_bundled_board_brings_its_device_and_oscillators()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.Resolve("NUCLEO-H743ZI2") });
        Assert.Equal("STM32H743ZI", board.Chip.Device.Name);
        Assert.Equal(new Oscillator(8_000_000, OscillatorMode.Bypass), board.Chip.Board.Hse);
        Assert.Same(board.Board, board.Chip.Board);
    }

    [Fact]
    public void The_state_file_keeps_the_board_and_supply_it_was_created_with()
    {
        var path = PathOf("disco.state");
        using (var created = new VirtualBoard(new VirtualBoardOptions
        {
            Board = BoardCatalog.Resolve("STM32H747I-DISCO"),
            Supply = SupplyWiring.Ldo,
            StateFile = path,
        }))
        {
        }
        using var reopened = new VirtualBoard(new VirtualBoardOptions { StateFile = path });
        Assert.Equal("STM32H747I-DISCO", reopened.Chip.Board.Name);
        Assert.Equal(SupplyWiring.Ldo, reopened.Chip.Board.Supply);
        Assert.Equal(25_000_000, reopened.Chip.Board.Hse!.FrequencyHz);

        using var overridden = new VirtualBoard(new VirtualBoardOptions { StateFile = path, Board = BoardCatalog.Resolve("custom-h747-ldo") });
        Assert.Equal("custom-h747-ldo", overridden.Chip.Board.Name);
    }

    [Fact]
    public void A_board_file_that_is_gone_when_the_state_is_reopened_is_stm5200()
    {
        var boardFile = PathOf("my-board.json");
        File.WriteAllText(boardFile, """{ "name": "my-board", "device": "STM32H747XI", "supply": "ldo", "hse": { "frequency": 16000000 } }""");
        var path = PathOf("mine.state");
        using (var created = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.ReadFile(boardFile), StateFile = path }))
        {
        }
        using (var again = new VirtualBoard(new VirtualBoardOptions { StateFile = path }))
        {
            Assert.Equal(16_000_000, again.Chip.Board.Hse!.FrequencyHz);
        }
        File.Delete(boardFile);
        var e = Assert.Throws<Stm32Exception>(() => new VirtualBoard(new VirtualBoardOptions { StateFile = path }));
        Assert.Equal(DiagnosticCodes.BoardStateBoardMissing, e.Diagnostic.Code);
        Assert.Contains(boardFile, e.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_state_file_without_a_board_still_loads()
    {
        var path = PathOf("v1.state");
        using (var created = new VirtualBoard(new VirtualBoardOptions { StateFile = path, Boot0High = true }))
        {
        }
        // Turn the file into version 1: without the board record, the option bytes without their version 3 length
        // (the H7 record: OPTSR, BOOT7, BOOT4, then PRAR, SCAR, WPSN of both banks), version 1, a new hash.
        var bytes = File.ReadAllBytes(path);
        var body = bytes[..^32];
        var boardRecord = FindBoardRecordLength(body);
        const int optionBytes = 12 + 2 * 12;
        var lengthAt = body.Length - boardRecord - optionBytes - 4;
        Assert.Equal(optionBytes, BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(lengthAt)));
        var v1 = body[..lengthAt].Concat(body[(lengthAt + 4)..^boardRecord]).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(v1.AsSpan(8), 1);
        File.WriteAllBytes(path, [.. v1, .. SHA256.HashData(v1)]);

        using var loaded = new VirtualBoard(new VirtualBoardOptions { StateFile = path });
        Assert.Equal("bare", loaded.Chip.Board.Name);
        Assert.True(loaded.Chip.Boot0High);
    }

    /// <summary>The length of the version 2 board record at the end of a body: three length-prefixed texts ("bare", "built-in", "ldo").</summary>
    private static int FindBoardRecordLength(byte[] body)
    {
        var texts = new[] { "bare", "built-in", "ldo" };
        var length = texts.Sum(t => 2 + t.Length);
        var at = body.Length - length;
        Assert.Equal((ushort)4, BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(at)));
        Assert.Equal("bare"u8.ToArray(), body[(at + 2)..(at + 6)]);
        return length;
    }

    [Fact]
    public void A_board_without_nrst_wired_behaves_as_the_nrst_unwired_fault()
    {
        var boardFile = PathOf("no-nrst.json");
        File.WriteAllText(boardFile, """{ "name": "no-nrst", "device": "STM32H747XI", "supply": "ldo", "nrst": false }""");
        using var board = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.ReadFile(boardFile) });
        Assert.True(board.Faults.Has(BoardFaultKind.NrstUnwired));
        board.DebugPort.NrstDrivenLow = true;
        Assert.False(board.Chip.NrstLow);
    }

    [Fact]
    public void Boot0_high_on_the_board_boots_the_system_memory()
    {
        var boardFile = PathOf("boot0.json");
        File.WriteAllText(boardFile, """{ "name": "boot0", "device": "STM32H747XI", "boot0": "high" }""");
        using var board = new VirtualBoard(new VirtualBoardOptions { Board = BoardCatalog.ReadFile(boardFile) });
        Assert.True(board.Chip.Boot0High);
        Assert.Equal(0x1FF0_0000u, board.Chip.BootAddress("CM7"));
    }
}
