using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Tests.Integration;

/// <summary>The <c>sim</c> probe: its state file is locked before it is loaded, so sessions hand flash contents on in order.</summary>
public sealed class SimulatorProbeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("stm32-simlock-");

    private ProbeOpenOptions Options(TimeSpan lockTimeout) => new()
    {
        SimulatorStateFile = Path.Combine(_dir.FullName, "board.state"),
        LockDirectory = _dir.FullName,
        LockTimeout = lockTimeout,
    };

    [Fact]
    public void A_second_session_on_the_same_state_file_is_refused_while_the_first_is_open()
    {
        using var first = StLinkProbe.Open("sim", Options(TimeSpan.Zero));
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open("sim", Options(TimeSpan.FromMilliseconds(200))));
        Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
    }

    [Fact]
    public async Task A_waiting_session_sees_the_flash_the_first_one_programmed()
    {
        var pattern = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();
        var first = StLinkProbe.Open("sim", Options(TimeSpan.Zero));
        Task<StLinkProbe> second;
        try
        {
            FlashProgramming.ProgramFlashWord(first, 0x08000000, pattern);
            var waiting = new TaskCompletionSource();
            second = Task.Run(() => StLinkProbe.Open("sim", Options(TimeSpan.FromSeconds(20)) with { Waiting = _ => waiting.TrySetResult() }));
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            first.Dispose(); // saves the board state, then releases the lock
        }
        using var next = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(pattern, next.ReadMemory(0, 0x08000000, 32));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
