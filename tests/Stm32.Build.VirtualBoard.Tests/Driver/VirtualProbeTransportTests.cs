using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Stm32.Build.VirtualBoard.Driver;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Driver;

/// <summary>The virtual board's transport: one lock key per board, and its clock and counters for the report.</summary>
public sealed class VirtualProbeTransportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("stm32-vpt-");

    [Fact]
    public void Separate_boards_have_separate_lock_keys_and_are_opened_at_once()
    {
        using var a = new VirtualBoard(new VirtualBoardOptions());
        using var b = new VirtualBoard(new VirtualBoardOptions());
        var options = new ProbeOpenOptions { LockDirectory = _dir.FullName, LockTimeout = TimeSpan.Zero };
        using var first = StLinkProbe.Open(new VirtualProbeTransport(a.Probe, "in-process"), options);
        using var second = StLinkProbe.Open(new VirtualProbeTransport(b.Probe, "in-process"), options);
        Assert.NotEqual(first.Descriptor.LockKey, second.Descriptor.LockKey);
    }

    [Fact]
    public void One_board_has_one_key_and_a_board_with_a_state_file_is_keyed_by_it()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions());
        Assert.Equal(new VirtualProbeTransport(board).Probe.LockKey, new VirtualProbeTransport(board).Probe.LockKey);
        var state = Path.Combine(_dir.FullName, "x.state");
        using var kept = new VirtualBoard(new VirtualBoardOptions { StateFile = state });
        Assert.Equal(SimulatorState.LockKey(state), new VirtualProbeTransport(kept).Probe.LockKey);
    }

    [Fact]
    public void Over_a_board_it_reports_the_board_clock_and_counters_and_over_a_bare_probe_nothing()
    {
        using var board = new VirtualBoard(new VirtualBoardOptions());
        using var probe = StLinkProbe.Open(new VirtualProbeTransport(board), new ProbeOpenOptions { NoLock = true });
        var diagnostics = probe.Diagnostics!;
        Assert.Equal(board.Clock.Now, diagnostics.TargetTime);
        var counters = diagnostics.SnapshotCounters();
        Assert.Equal(
            ["usbRoundTrips", "bytesOut", "bytesIn", "swdTransfers", "swdWaits", "sectorErases", "bankErases", "flashWordsProgrammed", "optionByteWrites", "resets", "virtualTimeMs"],
            counters.Select(c => c.Key));
        Assert.Equal(board.Counters.UsbRoundTrips, (long)counters[0].Value);
        Assert.True(board.Counters.UsbRoundTrips > 0);

        using var bare = new VirtualProbeTransport(board.Probe, "bare");
        Assert.Null(((IProbeDiagnostics)bare).TargetTime);
        Assert.Empty(((IProbeDiagnostics)bare).SnapshotCounters());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
