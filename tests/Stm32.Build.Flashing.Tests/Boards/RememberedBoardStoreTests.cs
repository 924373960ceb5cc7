using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Boards;

namespace Stm32.Build.Flashing.Tests.Boards;

/// <summary>The remembered-board store: one file per unique ID, atomic replacement, corrupt files reported and ignored.</summary>
public sealed class RememberedBoardStoreTests : IDisposable
{
    private const string Uid = "00310041-31385110-34373036";
    private const string OtherUid = "0024003A-3438510B-32363934";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "stm32-boards-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private RememberedBoardStore Store => new(_dir);

    private static RememberedBoard Board(string uid, uint cr3, string? supply) =>
        new(uid, "STM32H747XI", cr3, supply, new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero));

    [Fact]
    public void A_board_is_recalled_as_it_was_remembered()
    {
        var board = Board(Uid, 0x0000_0002, "PWR_LDO_SUPPLY");
        Store.Remember(board);
        Assert.Equal(board, Store.Recall(Uid, out var problem));
        Assert.Null(problem);
        Assert.Equal(board, Store.Recall(Uid.ToLowerInvariant(), out _));
        Assert.Equal([Path.Combine(_dir, Uid + ".json")], Directory.GetFiles(_dir)); // no temporary file left
    }

    [Fact]
    public void An_unknown_board_is_null_without_a_problem()
    {
        Assert.Null(Store.Recall(Uid, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Two_boards_are_kept_apart_and_remembering_again_replaces_only_that_board()
    {
        Store.Remember(Board(Uid, 0x02, "PWR_LDO_SUPPLY"));
        Store.Remember(Board(OtherUid, 0x04, "PWR_DIRECT_SMPS_SUPPLY"));
        Store.Remember(Board(Uid, 0x46, null));
        Assert.Equal(0x46u, Store.Recall(Uid, out _)!.PwrCr3);
        Assert.Null(Store.Recall(Uid, out _)!.SupplyName);
        Assert.Equal("PWR_DIRECT_SMPS_SUPPLY", Store.Recall(OtherUid, out _)!.SupplyName);
    }

    public static TheoryData<string, byte[]> CorruptFiles() => new()
    {
        { "garbage", [0x00, 0xFF, 0x13, 0x37, 0x7B] },
        { "truncated", "{\n  \"format\": 1,\n  \"uniqueId\": \"00310041-31385110-34373036\",\n  \"dev"u8.ToArray() },
        { "huge", [.. "{\"format\":1,\"pad\":\""u8.ToArray(), .. Enumerable.Repeat((byte)'x', RememberedBoardStore.MaxFileBytes), .. "\"}"u8.ToArray()] },
        { "another board", "{\"format\":1,\"uniqueId\":\"0024003A-3438510B-32363934\",\"device\":\"STM32H747XI\",\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "bad register", "{\"format\":1,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"pwrCr3\":\"0x1FFFFFFFF\",\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "not an object", "[1, 2, 3]"u8.ToArray() },
        { "future format", "{\"format\":2,\"uniqueId\":\"00310041-31385110-34373036\"}"u8.ToArray() },
        { "empty", [] },
        { "format a string", "{\"format\":\"1\",\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "format a fraction", "{\"format\":1.5,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "format huge", "{\"format\":1e300,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "device a number", "{\"format\":1,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":747,\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "register a number", "{\"format\":1,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"pwrCr3\":2,\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "register not hex", "{\"format\":1,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"pwrCr3\":\"0xLDO\",\"observed\":\"2025-03-14T09:26:53Z\"}"u8.ToArray() },
        { "date not a date", "{\"format\":1,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"observed\":\"yesterday\"}"u8.ToArray() },
        { "date an array", "{\"format\":1,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\"STM32H747XI\",\"observed\":[2025,3,14]}"u8.ToArray() },
        { "deeply nested", [.. Enumerable.Repeat((byte)'[', 200), .. Enumerable.Repeat((byte)']', 200)] },
        { "invalid UTF-8 in a string", [.. "{\"format\":1,\"uniqueId\":\"00310041-31385110-34373036\",\"device\":\""u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()] },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void A_corrupt_file_is_reported_ignored_and_replaced_by_the_next_remember(string what, byte[] content)
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, Uid + ".json");
        File.WriteAllBytes(file, content);

        Assert.Null(Store.Recall(Uid, out var problem));
        AssertCorrupt(problem, file);
        Assert.True(File.Exists(file), what); // left for the next healthy flash to replace

        var board = Board(Uid, 0x02, "PWR_LDO_SUPPLY");
        Store.Remember(board);
        Assert.Equal(board, Store.Recall(Uid, out problem));
        Assert.Null(problem);
    }

    private static void AssertCorrupt(Diagnostic? problem, string file)
    {
        Assert.NotNull(problem);
        Assert.Equal(DiagnosticCodes.RememberedBoardStoreCorrupt, problem.Code);
        Assert.Equal(DiagnosticSeverity.Warning, problem.Severity);
        Assert.Equal(file, problem.File);
        Assert.StartsWith($"{file}: warning {DiagnosticCodes.RememberedBoardStoreCorrupt}: the remembered board is ignored: ", problem.ToCanonicalString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_where_the_file_should_be_is_reported_and_remembering_over_it_is_a_coded_warning()
    {
        var file = Path.Combine(_dir, Uid + ".json");
        Directory.CreateDirectory(file);

        Assert.Null(Store.Recall(Uid, out var problem));
        AssertCorrupt(problem, file);
        Assert.Contains("a directory", problem!.Message);
        var e = Assert.Throws<Stm32Exception>(() => Store.Remember(Board(Uid, 2, null)));
        Assert.Equal(DiagnosticCodes.RememberedBoardStoreUnwritable, e.Diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, e.Diagnostic.Severity);
    }

    [Fact]
    public async Task A_named_pipe_where_the_file_should_be_is_reported_without_waiting_for_a_writer()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, Uid + ".json");
        Mkfifo(file);

        // Opening a FIFO for reading blocks until a writer comes: the recall must decide without opening it.
        var (recalled, problem) = await Task.Run(() => (Board: Store.Recall(Uid, out var problem), Problem: problem))
            .WaitAsync(TimeSpan.FromSeconds(20));   // a TimeoutException when it blocks
        Assert.Null(recalled);
        AssertCorrupt(problem, file);

        var board = Board(Uid, 0x02, "PWR_LDO_SUPPLY");
        Store.Remember(board);   // replaces the pipe
        Assert.Equal(board, Store.Recall(Uid, out var after));
        Assert.Null(after);
    }

    [Fact]
    public void A_link_that_leads_nowhere_is_reported()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, Uid + ".json");
        File.CreateSymbolicLink(file, Path.Combine(_dir, "gone.json"));

        Assert.Null(Store.Recall(Uid, out var problem));
        AssertCorrupt(problem, file);
        Assert.Contains("gone.json", problem!.Message);
    }

    [Fact]
    public void A_store_directory_that_is_a_file_is_reported_naming_it()
    {
        Directory.CreateDirectory(_dir);
        var blocker = Path.Combine(_dir, "boards");
        File.WriteAllText(blocker, "not a directory");

        Assert.Null(new RememberedBoardStore(blocker).Recall(Uid, out var problem));
        AssertCorrupt(problem, blocker);
    }

    private static void Mkfifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        Assert.True(mkfifo.WaitForExit(10_000));
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("00310041-31385110-3437303")]
    [InlineData("00310041/31385110-34373036")]
    public void A_unique_id_that_is_not_one_is_refused_before_any_file_is_touched(string uid)
    {
        Assert.Throws<ArgumentException>(() => Store.Recall(uid, out _));
        Assert.Throws<ArgumentException>(() => Store.Remember(Board(uid, 2, null)));
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void An_unwritable_directory_is_a_coded_error()
    {
        Directory.CreateDirectory(_dir);
        var blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "not a directory");
        var e = Assert.Throws<Stm32Exception>(() => new RememberedBoardStore(blocker).Remember(Board(Uid, 2, null)));
        Assert.Equal(DiagnosticCodes.RememberedBoardStoreUnwritable, e.Diagnostic.Code);
    }

    [Fact]
    public void The_unique_id_text_is_three_words_in_address_order()
    {
        byte[] uid = [0x41, 0x00, 0x31, 0x00, 0x10, 0x51, 0x38, 0x31, 0x36, 0x30, 0x37, 0x34];
        Assert.Equal(Uid, RememberedBoardStore.UniqueIdText(uid));
    }
}
