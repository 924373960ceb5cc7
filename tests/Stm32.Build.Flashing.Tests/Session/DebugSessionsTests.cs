using Stm32.Build.Flashing.Session;
using Stm32.Build.VirtualBoard;
using Xunit;

namespace Stm32.Build.Flashing.Tests.Session;

/// <summary>Opening <c>sim</c> sessions: the state file is locked before the board loads it.</summary>
public class DebugSessionsTests
{
    [Fact]
    public async Task A_second_sim_session_on_the_same_state_file_waits_for_the_first_to_close()
    {
        var state = Path.Combine(Directory.CreateTempSubdirectory("stm32-sessions-").FullName, "board.state");
        var options = new VirtualBoardOptions { StateFile = state };
        var first = DebugSessions.Open("sim", options);
        first.Board!.Boot0High = true; // a change the first session saves into the state file when it closes
        var second = Task.Run(() => DebugSessions.Open("sim", options));
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
        Assert.True(opened.Board!.Boot0High, "the second session loaded the state the first one saved, not a stale copy");
    }
}
