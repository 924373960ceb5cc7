using Xunit;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.StLink;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Server;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Cli.Tests;

/// <summary><c>stm32 info</c> against the virtual board in process (<c>sim</c>) and through an ST-LINK server.</summary>
public sealed class InfoCommandTests : IDisposable
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("stm32-info-");

    private string StateFile => Path.Combine(_dir.FullName, "board.state");

    private static string Value(CliRun.Result r, string name) =>
        Assert.Single(r.OutLines, l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    private static void AssertH747(CliRun.Result r)
    {
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal("0x" + H747.DpIdcode.ToString("X8", CultureInfo.InvariantCulture), Value(r, "DP IDCODE"));
        Assert.Contains("DEV_ID 0x" + H747.DevId.ToString("X3", CultureInfo.InvariantCulture), Value(r, "DBGMCU IDCODE"), StringComparison.Ordinal);
        Assert.Matches(@"revision [A-Z]\)$", Value(r, "DBGMCU IDCODE"));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{H747.FlashSize / 1024} KiB"), Value(r, "flash size"));
        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{8}-[0-9A-F]{8}$", Value(r, "unique ID"));
        var ob = Value(r, "option bytes");
        Assert.Contains("RDP level 0 (0xAA)", ob, StringComparison.Ordinal);
        Assert.Contains("BOOT_CM7_ADD0 0x08000000", ob, StringComparison.Ordinal);
        Assert.Contains("BOOT_CM4_ADD0 0x08100000", ob, StringComparison.Ordinal);
        Assert.Matches(@"^3\.\d\d V$", Value(r, "target voltage"));
    }

    [Fact]
    public void Sim_shows_probe_and_target()
    {
        var r = CliRun.Run("info", "--probe", "sim", "--state", StateFile);
        AssertH747(r);
        Assert.StartsWith("V3J", Value(r, "firmware"), StringComparison.Ordinal);
        Assert.Contains("STM32H747XI", Value(r, "device"), StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_the_device_names_it_with_its_manual()
    {
        var r = CliRun.Run("info", "--probe", "sim", "--state", StateFile, "--device", "STM32H747XI");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal("STM32H747XI (RM0399)", Value(r, "device"));
    }

    [Fact]
    public void Tcp_shows_the_same_target_through_an_st_link_server()
    {
        using var board = new Board(new VirtualBoardOptions { Probe = ProbeModel.V2, SerialNumber = "INFOTCP01" });
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port;
        var r = CliRun.Run("info", "--probe", string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}"));
        AssertH747(r);
        Assert.StartsWith("V2J", Value(r, "firmware"), StringComparison.Ordinal);
        Assert.Contains("INFOTCP01", Value(r, "probe"), StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_with_no_probe_exits_3()
    {
        if (StLinkProbe.ListUsb().Count > 0)
        {
            return; // a real probe is attached
        }
        var r = CliRun.Run("info");
        Assert.Equal(ExitCodes.NoProbe, r.ExitCode);
        Assert.Contains("STM3001", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_selection_is_a_coded_error()
    {
        var r = CliRun.Run("info", "--probe", "serial:42");
        Assert.NotEqual(ExitCodes.Success, r.ExitCode);
        Assert.Contains("STM3004", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpowered_virtual_target_exits_4()
    {
        using var board = new Board(new VirtualBoardOptions { Faults = [new BoardFault(BoardFaultKind.NoTargetPower)] });
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port;
        var r = CliRun.Run("info", "--probe", string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}"));
        Assert.Equal(ExitCodes.NoTarget, r.ExitCode);
        Assert.Contains("STM3020", r.Err, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
