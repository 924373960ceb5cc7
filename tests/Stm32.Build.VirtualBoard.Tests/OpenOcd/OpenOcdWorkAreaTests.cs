using System.Globalization;
using System.Text.RegularExpressions;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Server;
using Stm32.Build.VirtualBoard.Tests.Families.H7;
using Stm32.Build.VirtualBoard.Tests.Probe;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// OpenOCD 0.12 with target/stm32h7x_dual_bank.cfg's default work area (64 KiB of DTCM at 0x20000000): its stm32h7x
/// driver loads its flash algorithm there and runs it on the emulated Cortex-M7, which programs the flash through the
/// flash interface as firmware would; after <c>reset run</c> the Blinky image runs its main loop, which a
/// <c>halt</c> finds and whose blink counter a debugger then sees grow.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed partial class OpenOcdWorkAreaTests
{
    private const uint WorkAreaStart = 0x2000_0000, WorkAreaSize = 0x1_0000; // target/stm32h7x.cfg defaults

    [Theory]
    [InlineData("hla", "interface/stlink.cfg", "hla_stlink_backend tcp")]
    [InlineData("dap", "interface/stlink-dap.cfg", "st-link backend tcp")]
    public void OpenOcds_own_flash_loader_runs_on_the_emulated_core_and_the_firmware_reaches_its_main_loop(string name, string interfaceConfig, string backendCommand)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        var image = ImageReader.Read(elf);
        var main = H7IoFirmware.Function(image, "main");
        var blinkCount = image.FindSymbol("blink_count")!.Value;

        using var board = new VirtualBoard(new VirtualBoardOptions { Probe = ProbeModel.V2_1 });
        OpenOcdProofTests.RunHealthyFirmware(board, elf); // a board from the bench runs firmware (erased, the core locks up)
        var bench = new BoardHost(board);
        var programmedBefore = board.Counters.FlashWordsProgrammed.Sum();

        var loaderSlices = 0;
        board.Chip.Scheduler.SliceEnded += core =>
        {
            var pc = board.Chip.Cores[0].CurrentInstructionAddress;
            if (core == 0 && pc - WorkAreaStart < WorkAreaSize)
            {
                loaderSlices++; // the Cortex-M7 executed code in the work area: OpenOCD's algorithm
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
            ("reset-run", "reset run"),
            ("wait", "sleep 300"),
            ("halt", "halt"),
            ("pc", "reg pc"),
            ("resume", "resume"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-f", interfaceConfig, "-c", $"{backendCommand} {port}", "-f", "target/stm32h7x_dual_bank.cfg"],
            steps, TimeSpan.FromSeconds(120));

        Assert.False(run.TimedOut, $"openocd ({name}) did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd ({name}):\n{string.Join("\n", failures)}");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("no working area available", run.Log, StringComparison.Ordinal);
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        Assert.True(board.Counters.FlashWordsProgrammed.Sum() > programmedBefore, "OpenOCD programmed nothing");
        Assert.True(loaderSlices > 0, $"the Cortex-M7 never executed in the work area: OpenOCD did not use its loader\n{run.Log}");

        var pcMatch = PcLine().Match(run.Section("pc")!);
        Assert.True(pcMatch.Success, run.Section("pc"));
        var pc = uint.Parse(pcMatch.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var delay = image.FindSymbol("delay");
        var inLoop = pc >= main.Start && pc < main.End
            || delay is not null && pc >= (delay.Value & ~1u) && pc < (delay.Value & ~1u) + delay.Size;
        Assert.True(inLoop, $"halted at 0x{pc:X8}, not in main's loop 0x{main.Start:X8}-0x{main.End:X8}\n{run.Log[run.Log.IndexOf("STEP reset-run", StringComparison.Ordinal)..]}");

        // The firmware keeps running after OpenOCD leaves: its blink counter grows over virtual time, as read by a debugger.
        bench.Enter();
        var first = bench.ReadWord(blinkCount);
        bench.Idle(60);
        var second = bench.ReadWord(blinkCount);
        Assert.True(second > first, $"blink_count did not grow: {first} then {second}");
    }

    [GeneratedRegex(@"pc \(/32\): 0x([0-9a-fA-F]{8})")]
    private static partial Regex PcLine();
}
