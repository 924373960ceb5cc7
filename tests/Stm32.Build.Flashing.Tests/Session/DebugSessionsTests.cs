using Stm32.Build.Flashing.Session;
using Stm32.Build.VirtualBoard.Driver;
using Xunit;

namespace Stm32.Build.Flashing.Tests.Session;

/// <summary>Opening sessions: <c>sim</c> through the registered factory (state file locked before the board loads it), and over a transport.</summary>
public class DebugSessionsTests
{
    [Fact]
    public async Task A_second_sim_session_on_the_same_state_file_waits_for_the_first_to_close()
    {
        var state = Path.Combine(Directory.CreateTempSubdirectory("stm32-sessions-").FullName, "board.state");
        var properties = new Dictionary<string, string> { [SimulatorProperties.State] = state };
        var first = DebugSessions.Open("sim", properties);
        BoardOf(first).Boot0High = true; // a change the first session saves into the state file when it closes
        var second = Task.Run(() => DebugSessions.Open("sim", properties));
        try
        {
            var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.NotSame(second, finished);
        }
        finally
        {
            first.Dispose();
        }
        using var opened = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(BoardOf(opened).Boot0High, "the second session loaded the state the first one saved, not a stale copy");
    }

    [Fact]
    public void A_sim_session_runs_on_the_board_clock_and_reports_its_counters_through_the_probe()
    {
        var state = Path.Combine(Directory.CreateTempSubdirectory("stm32-sessions-").FullName, "board.state");
        using var session = DebugSessions.Open("sim", new Dictionary<string, string> { [SimulatorProperties.State] = state });
        var board = BoardOf(session);
        Assert.False(session.Clock.AdvancesOnItsOwn);
        session.Connect(holdInReset: false);
        Assert.Equal(board.Clock.Now, session.Clock.Now);
        var counters = session.Diagnostics!.SnapshotCounters().ToDictionary(c => c.Key, c => c.Value);
        Assert.Equal(board.Counters.UsbRoundTrips, (long)counters["usbRoundTrips"]);
        Assert.True((long)counters["usbRoundTrips"] > 0);
    }

    private static VirtualBoard.VirtualBoard BoardOf(StLinkDebugSession session) =>
        ((VirtualProbeTransport)session.Diagnostics!).Board!;
}
