using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Stm32.Build.VirtualBoard.Driver;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Driver;

/// <summary>
/// The <c>sim</c> selection through the factory the virtual board registers: the state path is resolved once and
/// locked before the board loads it, so sessions hand flash contents on in order.
/// </summary>
public sealed class SimulatorProbeFactoryTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("stm32-simfactory-");

    public SimulatorProbeFactoryTests() => VirtualBoardProbes.Register();

    private string StatePath => Path.Combine(_dir.FullName, "board.state");

    private ProbeOpenOptions Options(TimeSpan lockTimeout, string? state = null) => new()
    {
        Simulator = new Dictionary<string, string> { [SimulatorProperties.State] = state ?? StatePath },
        LockDirectory = _dir.FullName,
        LockTimeout = lockTimeout,
    };

    private static VirtualBoard BoardOf(StLinkProbe probe) => ((VirtualProbeTransport)probe.Diagnostics!).Board!;

    [Fact]
    public void Sim_selection_builds_a_board_that_keeps_its_state_in_the_state_file()
    {
        using (var probe = StLinkProbe.Open("sim", Options(TimeSpan.Zero)))
        {
            Assert.Equal(ProbeTransportKind.Simulator, probe.Descriptor.Transport);
            Assert.Equal(0x6BA02477u, probe.DpIdcode); // the STM32H7's SW-DP (RM0399 60.3.2)
            Assert.Equal(StatePath, probe.Descriptor.Location);
            BoardOf(probe).Boot0High = true;
        }
        Assert.True(File.Exists(StatePath));
        using var again = StLinkProbe.Open("sim", Options(TimeSpan.Zero));
        Assert.True(BoardOf(again).Boot0High);
        Assert.Equal(0x450u, again.IdentifyTarget().DevId);
    }

    [Fact]
    public void A_second_session_on_the_same_state_file_is_refused_while_the_first_is_open()
    {
        using var first = StLinkProbe.Open("sim", Options(TimeSpan.Zero));
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open("sim", Options(TimeSpan.FromMilliseconds(200))));
        Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
    }

    [Fact]
    public async Task A_waiting_session_sees_the_state_the_first_one_saved()
    {
        var first = StLinkProbe.Open("sim", Options(TimeSpan.Zero));
        Task<StLinkProbe> second;
        try
        {
            BoardOf(first).Boot0High = true;
            var waiting = new TaskCompletionSource();
            second = Task.Run(() => StLinkProbe.Open("sim", Options(TimeSpan.FromSeconds(20)) with { Waiting = _ => waiting.TrySetResult() }));
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            first.Dispose(); // saves the board state, then releases the lock
        }
        using var next = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(BoardOf(next).Boot0High);
    }

    [Fact]
    public void A_symlinked_state_file_stays_a_symlink_and_the_board_writes_through_it()
    {
        var target = Path.Combine(_dir.FullName, "real.state");
        var link = Path.Combine(_dir.FullName, "link.state");
        File.CreateSymbolicLink(link, target);
        using (var probe = StLinkProbe.Open("sim", Options(TimeSpan.Zero, link)))
        {
            Assert.Equal(target, probe.Descriptor.Location);
            BoardOf(probe).Boot0High = true;
        }
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.True(File.Exists(target), "the state was saved into the link's target");
        using var again = StLinkProbe.Open("sim", Options(TimeSpan.Zero, target));
        Assert.True(BoardOf(again).Boot0High);
    }

    [Fact]
    public void Two_names_of_one_state_file_share_one_lock()
    {
        var link = Path.Combine(_dir.FullName, "other-name.state");
        File.CreateSymbolicLink(link, StatePath);
        using var first = StLinkProbe.Open("sim", Options(TimeSpan.Zero));
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open("sim", Options(TimeSpan.FromMilliseconds(200), link)));
        Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
    }

    [Fact]
    public void A_state_symlink_loop_is_a_coded_error_before_anything_is_locked_or_loaded()
    {
        var a = Path.Combine(_dir.FullName, "a.state");
        var b = Path.Combine(_dir.FullName, "b.state");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open("sim", Options(TimeSpan.Zero, a)));
        Assert.Equal(DiagnosticCodes.SimulatorStatePathInvalid, e.Code);
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.lock"));
    }

    [Fact]
    public void Board_properties_reach_the_board_and_unknown_ones_are_refused()
    {
        var options = Options(TimeSpan.Zero) with
        {
            Simulator = new Dictionary<string, string>
            {
                [SimulatorProperties.State] = StatePath,
                [SimulatorProperties.Probe] = "v2-1",
                [SimulatorProperties.Serial] = "PROPS0001",
                [SimulatorProperties.Fault] = "nrst-unwired, unplug-after=500",
            },
        };
        using (var probe = StLinkProbe.Open("sim", options))
        {
            Assert.Equal("V2-1", probe.Descriptor.Model);
            Assert.Equal("PROPS0001", probe.Descriptor.SerialNumber);
            Assert.True(BoardOf(probe).Faults.Has(BoardFaultKind.NrstUnwired));
            Assert.Equal(500, BoardOf(probe).Faults.ValueOf(BoardFaultKind.UnplugAfter));
        }
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open("sim", Options(TimeSpan.Zero) with
        {
            Simulator = new Dictionary<string, string> { ["colour"] = "blue" },
        }));
        Assert.Equal(DiagnosticCodes.ProbeTransportProperty, e.Code);
        Assert.Contains("colour", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
