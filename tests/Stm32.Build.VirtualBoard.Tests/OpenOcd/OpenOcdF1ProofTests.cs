using System.Globalization;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.F1;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// The proof that the virtual STM32F103 behaves like a real one to a real client: Debian's OpenOCD 0.12 with
/// <c>target/stm32f1x.cfg</c> (its <c>stm32f1x</c> flash driver) talks to our ST-LINK server through HLA
/// (<c>interface/stlink.cfg</c>), identifies the part by DBGMCU_IDCODE at 0xE0042000 and the flash size register
/// (0x1FFFF7E0), erases pages and programs the flash with its own flash loader running on the emulated Cortex-M3 in
/// its default work area (4 KiB at 0x20000000), verifies, reads the option bytes and resets. The firmware is the
/// family program of tests/firmware/f1.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdF1ProofTests
{
    [Theory]
    [InlineData("STM32F103RB", "NUCLEO-F103RB", "0x20030410", 128, 1024)] // medium density, 1 KiB pages
    [InlineData("STM32F103RE", null, "0x10030414", 512, 2048)] // high density, 2 KiB pages
    public void OpenOcd_flashes_verifies_and_reads_the_option_bytes_of_a_virtual_F103(string device, string? boardName, string idcode, int flashKiB, int pageSize)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.F103);
        var image = FirmwareBuilder.ConvertTo(elf, "binary", Path.Combine(Path.GetTempPath(), $"f1-{Guid.NewGuid():N}.bin"), "--gap-fill", "0xff");
        var expected = File.ReadAllBytes(image);
        File.Delete(image);

        using var board = new VirtualBoard(new VirtualBoardOptions { Device = device, Board = boardName is null ? null : BoardCatalog.Resolve(boardName), Probe = ProbeModel.V2_1 });
        lock (board.SyncRoot)
        {
            // A board as it comes off the bench: something in flash (the same program, with its last half-word changed), running.
            var family = (F1Family)board.Chip.Family;
            expected.CopyTo(family.Flash.BankArray(1), 0);
            family.Flash.BankArray(1)[expected.Length - 2] ^= 0x5A;
            board.Chip.SystemReset();
        }
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port.ToString(CultureInfo.InvariantCulture);
        var elfPath = elf.Replace('\\', '/');
        (string, string)[] steps =
        [
            ("init", "init"),
            ("reset-halt", "reset halt"),
            ("flash-probe", "flash probe 0"),
            ("write-image", $"flash write_image erase {elfPath}"),
            ("verify-image", $"verify_image {elfPath}"),
            ("mdw-idcode", "mdw 0xE0042000"),
            ("option-read", "stm32f1x options_read 0"),
            ("reset-run", "reset run"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-f", "interface/stlink.cfg", "-c", $"hla_stlink_backend tcp {port}", "-f", "target/stm32f1x.cfg"],
            steps, TimeSpan.FromSeconds(120));

        Assert.False(run.TimedOut, $"openocd did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd:\n{string.Join("\n", failures)}\n{run.Log}");
        Assert.Equal(0, run.ExitCode);
        // stm32f1x.c reads DBGMCU_IDCODE (REV_ID: the newest revision of the device data, RM0008 31.6.1) and the flash
        // size register (RM0008 30.2).
        Assert.Contains($"device id = {idcode}", run.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"flash size = {flashKiB} KiB", run.Log, StringComparison.Ordinal);
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        // stm32f1x.c programs through its loader in the work area when the target runs it, and warns before falling
        // back to half-word memory writes otherwise.
        Assert.DoesNotContain("falling back", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("no working area", run.Log, StringComparison.Ordinal);
        Assert.Contains("0xe0042000: " + idcode[2..], run.Section("mdw-idcode")!, StringComparison.OrdinalIgnoreCase);
        // The factory option bytes (PM0075 2.5): FLASH_OBR 0x03FFFFFC (RDPRT 0, USER 0xFF, Data 0xFF), FLASH_WRPR all 1.
        var options = run.Section("option-read")!;
        Assert.Contains("option byte register = 0x3fffffc", options, StringComparison.Ordinal);
        Assert.Contains("write protection register = 0xffffffff", options, StringComparison.Ordinal);
        Assert.Contains("read protection: off", options, StringComparison.Ordinal);

        lock (board.SyncRoot)
        {
            Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
            // Only the pages the image covers were erased, each once.
            Assert.Equal((expected.Length + pageSize - 1) / pageSize, board.Counters.SectorErases[0]);
            Assert.False(board.Chip.FlashBank(1)[(((expected.Length + pageSize - 1) / pageSize) * pageSize)..].ContainsAnyExcept((byte)0xFF));
            Assert.False(((F1Family)board.Chip.Family).Flash.IsUnlocked, "OpenOCD left the flash unlocked");
        }
    }
}
