using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Server;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.StLink.Tests.Transport;

/// <summary>
/// Opening <c>tcp://</c> probes: the lock is keyed by the probe as the server identifies it (the server's address
/// and the serial it reports) and taken before the device is opened, so a second process waits, bounded and
/// naming the holder, instead of failing at once; separate servers' boards never share a key.
/// </summary>
public sealed class StLinkServerTransportFactoryTests : IDisposable
{
    private readonly DirectoryInfo _locks = Directory.CreateTempSubdirectory("stm32-tcplock-");
    private readonly List<IDisposable> _owned = [];

    private int Serve(string serial)
    {
        var board = new Board(new VirtualBoardOptions { SerialNumber = serial });
        var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        _owned.Add(board);
        _owned.Add(server);
        return server.Start(0).Port;
    }

    private static string Selection(int port) => string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}");

    private ProbeOpenOptions Locked(TimeSpan timeout, Action<string>? waiting = null) =>
        new() { LockDirectory = _locks.FullName, LockTimeout = timeout, Waiting = waiting };

    [Fact]
    public async Task A_second_opener_waits_for_the_lock_naming_the_holder_and_gets_the_probe_when_it_is_released()
    {
        var port = Serve("TCPWAIT0001");
        var first = StLinkProbe.Open(Selection(port), Locked(TimeSpan.Zero));
        var told = new TaskCompletionSource<string>();
        Task<StLinkProbe> second;
        try
        {
            second = Task.Run(() => StLinkProbe.Open(Selection(port), Locked(TimeSpan.FromSeconds(20), m => told.TrySetResult(m))));
            var message = await told.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Contains($"process {Environment.ProcessId} (", message, StringComparison.Ordinal);
            Assert.False(second.IsCompleted);
        }
        finally
        {
            first.Dispose();
        }
        using var got = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("TCPWAIT0001", got.Descriptor.SerialNumber);
    }

    [Fact]
    public async Task A_probe_the_server_reports_in_use_by_a_client_outside_the_lock_is_waited_for()
    {
        var port = Serve("TCPWAIT0002");
        var elsewhere = StLinkProbe.Open(Selection(port), new ProbeOpenOptions { NoLock = true }); // another host, another user
        var told = new TaskCompletionSource<string>();
        Task<StLinkProbe> second;
        try
        {
            second = Task.Run(() => StLinkProbe.Open(Selection(port), Locked(TimeSpan.FromSeconds(20), m => told.TrySetResult(m))));
            var message = await told.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Contains("in use by another client of the ST-LINK server", message, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Dispose();
        }
        using var got = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("TCPWAIT0002", got.Descriptor.SerialNumber);
    }

    [Fact]
    public void The_wait_is_bounded_and_names_the_holder()
    {
        var port = Serve("TCPWAIT0003");
        using var first = StLinkProbe.Open(Selection(port), Locked(TimeSpan.Zero));
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open(Selection(port), Locked(TimeSpan.FromMilliseconds(300))));
        Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
        Assert.Contains($"process {Environment.ProcessId} (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boards_of_two_servers_with_the_same_serial_do_not_share_a_lock()
    {
        var one = Serve("SAMESERIAL01");
        var two = Serve("SAMESERIAL01");
        using var a = StLinkProbe.Open(Selection(one), Locked(TimeSpan.Zero));
        using var b = StLinkProbe.Open(Selection(two), Locked(TimeSpan.Zero));
        Assert.NotEqual(a.Descriptor.LockKey, b.Descriptor.LockKey);
    }

    [Fact]
    public void The_key_is_the_servers_address_as_connected_whatever_the_host_was_called()
    {
        var port = Serve("TCPNAME0001");
        using var byAddress = StLinkProbe.Open(Selection(port), Locked(TimeSpan.Zero));
        var e = Assert.Throws<ProbeException>(() =>
            StLinkProbe.Open(string.Create(CultureInfo.InvariantCulture, $"tcp://localhost:{port}/TCPNAME0001"), Locked(TimeSpan.FromMilliseconds(200))));
        Assert.Equal(DiagnosticCodes.ProbeBusy, e.Code);
        Assert.Contains(byAddress.Descriptor.LockKey, e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
        _locks.Delete(recursive: true);
    }
}
