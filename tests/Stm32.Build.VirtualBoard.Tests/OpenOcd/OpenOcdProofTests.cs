using System.Globalization;
using Stm32.Build.Images;
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
/// firmware (an erased chip locks up, and OpenOCD says so). OpenOCD keeps its default work area (64 KiB of DTCM): after
/// the mass erase it programs the image with its own stm32h7x loader running on the halted, emulated Cortex-M7 of a
/// chip whose flash is now erased (<see cref="OpenOcdWorkAreaTests"/> checks that the loader really executes there).
/// The probe is an ST-LINK/V2-1: its 1 ms USB frames make OpenOCD's erase polling (iteration-counted, with 1 ms real
/// sleeps) cover the erase times in few iterations.
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
        var loaderSlices = 0;
        board.Chip.Scheduler.SliceEnded += core =>
        {
            if (core == 0 && board.Chip.Cores[0].CurrentInstructionAddress - 0x2000_0000u < 0x1_0000u)
            {
                loaderSlices++; // the Cortex-M7 executed code in OpenOCD's default work area (DTCM): its flash loader
            }
        };
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
            ["-f", interfaceConfig, "-c", $"{backendCommand} {port}", "-f", "target/stm32h7x_dual_bank.cfg"],
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
            Assert.True(loaderSlices > 0, $"OpenOCD ({name}) never ran its flash loader on the Cortex-M7 of the erased chip");
            Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
        }
    }

    /// <summary>
    /// A factory-fresh chip: all flash erased, so at power-on the Cortex-M7 fetches the erased reset vector (PC
    /// 0xFFFFFFFE, execute-never), takes a HardFault whose vector is erased too and locks up (ARMv7-M B1.5.15), as
    /// silicon does; OpenOCD reports it at init ("clearing lockup after double fault", an Error line real boards print
    /// too; through the dap-direct driver, whose poll reads DHCSR.S_LOCKUP), halts the core at its reset vector with
    /// <c>reset halt</c>, and programs the image with its own loader in its default work area.
    /// </summary>
    [Theory]
    [InlineData("hla", "interface/stlink.cfg", "hla_stlink_backend tcp")]
    [InlineData("dap", "interface/stlink-dap.cfg", "st-link backend tcp")]
    public void OpenOcd_programs_a_factory_fresh_chip_whose_core_is_locked_up_with_its_own_loader(string name, string interfaceConfig, string backendCommand)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        using var board = new VirtualBoard(new VirtualBoardOptions { Probe = ProbeModel.V2_1 });
        board.Clock.Advance(TimeSpan.FromMilliseconds(1));
        board.Chip.AdvanceTo(board.Clock.Nanoseconds); // powered for a millisecond: the first fetch has faulted
        Assert.Equal(Execution.CoreRunState.LockedUp, board.Chip.Cores[0].State);
        var loaderSlices = 0;
        board.Chip.Scheduler.SliceEnded += core =>
        {
            if (core == 0 && board.Chip.Cores[0].CurrentInstructionAddress - 0x2000_0000u < 0x1_0000u)
            {
                loaderSlices++;
            }
        };
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port.ToString(CultureInfo.InvariantCulture);
        var elfPath = elf.Replace('\\', '/');
        (string, string)[] steps =
        [
            ("init", "init"),
            ("reset-halt", "reset halt"),
            ("write-image", $"flash write_image erase {elfPath}"),
            ("verify-image", $"verify_image {elfPath}"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-f", interfaceConfig, "-c", $"{backendCommand} {port}", "-f", "target/stm32h7x_dual_bank.cfg"],
            steps, TimeSpan.FromSeconds(90));

        Assert.False(run.TimedOut, $"openocd ({name}) did not finish:\n{run.Log}");
        if (name == "dap")
        {
            // OpenOCD's cortex_m poll sees DHCSR.S_LOCKUP and halts the core (the HLA driver's poll does not say so).
            Assert.Contains("clearing lockup after double fault", run.Log, StringComparison.Ordinal);
        }
        // Any error but the lockup report (printed by the first poll, at init or during reset halt) fails the run.
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Split('\n').Any(l => l.Contains("Error", StringComparison.Ordinal) && !l.Contains("clearing lockup after double fault", StringComparison.Ordinal)))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd ({name}):\n{string.Join("\n", failures)}");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        lock (board.SyncRoot)
        {
            Assert.True(loaderSlices > 0, $"OpenOCD ({name}) never ran its flash loader on the Cortex-M7");
            var image = ImageReader.Read(elf);
            foreach (var segment in image.Segments.Where(g => g.Address >= 0x0800_0000 && g.Address < 0x0810_0000))
            {
                Assert.True(board.Chip.FlashBank(1).Slice((int)(segment.Address - 0x0800_0000), segment.Data.Length).SequenceEqual(segment.Data.Span));
            }
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
            ["-f", "interface/stlink-dap.cfg", "-c", $"st-link backend tcp {port}", "-f", "target/stm32h7x_dual_bank.cfg"],
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
