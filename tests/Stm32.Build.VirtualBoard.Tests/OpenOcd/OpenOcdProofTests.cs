using System.Globalization;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Tests.Families.H7;
using Stm32.Build.VirtualBoard.Tests.Probe;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// The proof that the virtual board behaves like a real ST-LINK + STM32H747 to a real client: Debian's OpenOCD
/// 0.12 talks to our ST-LINK server (its <c>tcp</c> backend, the stlink-server protocol) through both of its
/// ST-LINK drivers — HLA (<c>interface/stlink.cfg</c>) and dap-direct (<c>interface/stlink-dap.cfg</c>) — and
/// flashes, verifies, reads registers and option bytes, mass-erases and resets, on a board whose Cortex-M7 runs real
/// firmware (an erased chip locks up, and OpenOCD says so). <c>WORKAREASIZE 0</c> here programs the flash with direct
/// register writes; <see cref="OpenOcdWorkAreaTests"/> runs OpenOCD's own loader on the emulated core. The probe is an ST-LINK/V2-1: its 1 ms USB frames make OpenOCD's erase polling (iteration-
/// counted, with 1 ms real sleeps) cover the erase times in few iterations.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdProofTests
{
    [Theory]
    [InlineData("hla", "interface/stlink.cfg", "hla_stlink_backend tcp")]
    [InlineData("dap", "interface/stlink-dap.cfg", "st-link backend tcp")]
    public void OpenOcd_flashes_verifies_and_resets_the_virtual_board(string name, string interfaceConfig, string backendCommand)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var image = FirmwareBuilder.ConvertTo(elf, "binary", Path.Combine(Path.GetTempPath(), $"blinky-{Guid.NewGuid():N}.bin"), "--gap-fill", "0xff");
        var expected = File.ReadAllBytes(image);
        File.Delete(image);

        using var board = new VirtualBoard(new VirtualBoardOptions { Probe = ProbeModel.V2_1 });
        // A board as it comes off the bench has firmware in it, running: with erased flash the Cortex-M7 fetches an
        // erased vector, locks up, and OpenOCD rightly reports "clearing lockup after double fault" at init.
        RunHealthyFirmware(board, elf);
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port.ToString(CultureInfo.InvariantCulture);
        var elfPath = elf.Replace('\\', '/');
        (string, string)[] steps =
        [
            ("init", "init"),
            ("reset-halt", "reset halt"),
            ("flash-info", "flash info 0"),
            ("mass-erase", "stm32h7x mass_erase 0"),
            ("write-image", $"flash write_image erase {elfPath}"),
            ("verify-image", $"verify_image {elfPath}"),
            ("mdw-idcode", "mdw 0x5C001000"),
            ("option-read", "stm32h7x option_read 0 0x1c"),
            ("reset-run", "reset run"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-f", interfaceConfig, "-c", $"{backendCommand} {port}", "-c", "set WORKAREASIZE 0", "-f", "target/stm32h7x_dual_bank.cfg"],
            steps, TimeSpan.FromSeconds(90));

        Assert.False(run.TimedOut, $"openocd ({name}) did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd ({name}):\n{string.Join("\n", failures)}");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("STLINK V2J40M27", run.Log, StringComparison.Ordinal);
        Assert.Contains("0x5c001000: ", run.Section("mdw-idcode")!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("450", run.Section("mdw-idcode")!, StringComparison.Ordinal); // DEV_ID 0x450 in DBGMCU_IDC
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        Assert.Contains("0x5200201c", run.Section("option-read")!, StringComparison.OrdinalIgnoreCase);

        lock (board.SyncRoot)
        {
            Assert.True(board.Counters.BankErases[0] >= 1, "the mass erase of bank 1 did not reach the flash controller");
            Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
        }
    }

    [Theory]
    [InlineData(ProbeModel.V3, "STLINK V3J13M4B3S1 (API v3) VID:PID 0483:374F")]
    [InlineData(ProbeModel.V2, "STLINK V2J45S7 (API v2) VID:PID 0483:3748")]
    public void OpenOcd_connects_through_each_probe_generation(ProbeModel model, string versionLine)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        using var board = new VirtualBoard(new VirtualBoardOptions { Probe = model });
        RunHealthyFirmware(board, FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky));
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port.ToString(CultureInfo.InvariantCulture);
        (string, string)[] steps =
        [
            ("init", "init"),
            ("reset-halt", "reset halt"),
            ("flash-info", "flash info 1"),
            ("mdw-idcode", "mdw 0x5C001000"),
            ("reset-run", "reset run"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-f", "interface/stlink-dap.cfg", "-c", $"st-link backend tcp {port}", "-c", "set WORKAREASIZE 0", "-f", "target/stm32h7x_dual_bank.cfg"],
            steps, TimeSpan.FromSeconds(60));

        Assert.False(run.TimedOut, $"openocd did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(versionLine, run.Log, StringComparison.Ordinal);
        if (model == ProbeModel.V3)
        {
            // OpenOCD asks 1800 kHz; a V3's GET_COM_FREQ table offers 1000 kHz below it.
            Assert.Contains("Unable to match requested speed 1800 kHz, using 1000 kHz", run.Log, StringComparison.Ordinal);
        }
        Assert.Contains("0x08100000", run.Section("flash-info")!, StringComparison.Ordinal);
    }

    /// <summary>
    /// Programs <paramref name="elf"/> through the board's debug port, lets it boot (a hardware reset with the debugger
    /// detached) and run, and checks that the Cortex-M7 is executing it — not locked up — before OpenOCD connects.
    /// </summary>
    internal static void RunHealthyFirmware(VirtualBoard board, string elf)
    {
        var bench = new BoardHost(board);
        bench.Enter();
        H7IoFirmware.Load(board.Chip, elf);
        bench.WriteWord(0xE000_EDF0, 0xA05F_0000); // DHCSR: debug off
        bench.In(2, 0xF2, 0x3C, 0);                // DRIVE_NRST low, then high: the firmware boots
        bench.In(2, 0xF2, 0x3C, 1);
        bench.Idle(3);
        Assert.Equal(Execution.CoreRunState.Running, board.Chip.Cores[0].State);
        bench.In(0, 0xF2, 0x21);                   // leave debug mode, as a tool closing the probe does
    }
}
