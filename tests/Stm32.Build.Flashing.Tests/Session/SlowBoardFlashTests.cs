using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Flashing.Tests.Session;

/// <summary>
/// A virtual board behind a server on a loaded host: the driver measures on the wall clock, and the board's time
/// (which moves only with probe commands) lags far behind it. A sector erase that takes 1 s of board time takes 20 s
/// of that wall clock; it must still finish, not end in a false STM4103 timeout; and a host stall of the wall clock
/// alone must not make the RAM loader look stalled (its progress check counts polls, as every flash wait does).
/// </summary>
[Trait("Requires", "gcc")]
public sealed class SlowBoardFlashTests
{
    [Fact]
    public async Task A_board_whose_time_lags_the_wall_clock_twenty_fold_erases_and_programs_without_a_false_timeout()
    {
        const int lag = 20;
        using var board = new Board(new VirtualBoardOptions());
        var wall = new LaggingWallClock(board.Clock, lag);
        var probe = StLinkProbe.Open(new VirtualProbeTransport(board), new ProbeOpenOptions { Connect = false, NoLock = true });
        using var session = new StLinkDebugSession(probe, wall);
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);

        var report = await new FlashPipeline(session).FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(board.Counters.SectorErases[0] >= 1);
        Assert.True(wall.Now > TimeSpan.FromSeconds(lag), $"the erase should have taken more than {lag} s of the lagging wall clock, took {wall.Now}");
        Assert.Equal("passed", report.Verify!.Result);
        Assert.True(report.ProgramPath == "loader", $"the RAM loader must not be declared stalled by the wall clock alone: {report.ProgramPath} ({report.ProgramPathReason})");
        Assert.All(BoardRig.Device.FlashBanks, b => Assert.False(board.Chip.Flash.IsUnlocked(b.Number)));
    }

    [Fact]
    public async Task An_erase_of_sectors_in_both_banks_on_a_lagging_board_finishes_without_a_false_timeout()
    {
        // `stm32 erase` erases the banks' sectors side by side (H7FlashDriver.EraseSectorsAsync), polling each bank.
        using var board = new Board(new VirtualBoardOptions());
        var wall = new LaggingWallClock(board.Clock, 20);
        var probe = StLinkProbe.Open(new VirtualProbeTransport(board), new ProbeOpenOptions { Connect = false, NoLock = true });
        using var session = new StLinkDebugSession(probe, wall);

        var report = await new FlashPipeline(session).EraseAsync(BoardRig.Device, start: 0x080E_0000, length: 0x0004_0000);

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.Equal(["1:7", "2:0"], report.SectorsErased.Order(StringComparer.Ordinal));
        Assert.True(wall.Now > TimeSpan.FromSeconds(20), $"the erase should have taken more than 20 s of the lagging wall clock, took {wall.Now}");
        Assert.All(BoardRig.Device.FlashBanks, b => Assert.False(board.Chip.Flash.IsUnlocked(b.Number)));
    }

    [Fact]
    public async Task A_host_stall_while_the_loader_programs_does_not_make_the_loader_look_stalled()
    {
        // The server's host was starved for 5 s of wall time just as the RAM loader programmed its first flash words:
        // the wall clock jumped while the board's time did not move. The loader answers the very next poll, so it must
        // not be declared stalled (and the host left to finish the job) by the wall clock alone.
        using var board = new Board(new VirtualBoardOptions());
        var wall = new JumpingWallClock(board, TimeSpan.FromSeconds(5));
        var probe = StLinkProbe.Open(new VirtualProbeTransport(board), new ProbeOpenOptions { Connect = false, NoLock = true });
        using var session = new StLinkDebugSession(probe, wall);
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);

        var report = await new FlashPipeline(session).FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(wall.Jumped, "the wall clock never jumped: the loader programmed nothing");
        Assert.True(report.ProgramPath == "loader", $"the loader was declared stalled by the wall clock alone: {report.ProgramPath} ({report.ProgramPathReason})");
        Assert.Equal("passed", report.Verify!.Result);
    }

    /// <summary>The board's time, plus <paramref name="jump"/> from the moment its flash holds its first programmed word.</summary>
    private sealed class JumpingWallClock(Board board, TimeSpan jump) : ITargetClock
    {
        public bool Jumped { get; private set; }

        public TimeSpan Now
        {
            get
            {
                Jumped |= board.Counters.FlashWordsProgrammed.Sum() > 0;
                return board.Clock.Now + (Jumped ? jump : TimeSpan.Zero);
            }
        }

        public bool AdvancesOnItsOwn => true;

        public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A wall clock that runs <paramref name="factor"/> times faster than the board's own time.</summary>
    private sealed class LaggingWallClock(VirtualClock board, int factor) : ITargetClock
    {
        public TimeSpan Now => TimeSpan.FromTicks(board.Now.Ticks * factor);

        public bool AdvancesOnItsOwn => true;

        public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
