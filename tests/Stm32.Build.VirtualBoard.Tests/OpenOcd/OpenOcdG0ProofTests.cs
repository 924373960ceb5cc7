using System.Globalization;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.G0;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// The proof that the virtual STM32G071 behaves like a real one to a real client: Debian's OpenOCD 0.12 with
/// <c>target/stm32g0x.cfg</c> (its <c>stm32l4x</c> flash driver serves the G0) talks to our ST-LINK server through HLA
/// (<c>interface/stlink.cfg</c>), identifies the part by DBG_IDCODE at 0x40015800 and the flash size register
/// (0x1FFF75E0), erases and programs the flash with its own flash loader running on the emulated Cortex-M0+ in a work
/// area of SRAM, verifies, reads the option bytes and resets. The firmware is the family program of tests/firmware/g0.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdG0ProofTests
{
    [Fact]
    public void OpenOcd_flashes_verifies_and_reads_the_option_bytes_of_a_virtual_G071()
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildFamily(FamilyPart.G071);
        var image = FirmwareBuilder.ConvertTo(elf, "binary", Path.Combine(Path.GetTempPath(), $"g0-{Guid.NewGuid():N}.bin"), "--gap-fill", "0xff");
        var expected = File.ReadAllBytes(image);
        File.Delete(image);

        using var board = new VirtualBoard(new VirtualBoardOptions { Device = "STM32G071RB", Board = BoardCatalog.Resolve("NUCLEO-G071RB"), Probe = ProbeModel.V2_1 });
        lock (board.SyncRoot)
        {
            // A board as it comes off the bench: something in flash (the same program, its last word changed), powered up with it.
            var family = (G0Family)board.Chip.Family;
            expected.CopyTo(family.Flash.BankArray(1), 0);
            family.Flash.BankArray(1)[expected.Length - 4] ^= 0x5A;
            board.Chip.PowerOff();
            board.Chip.PowerOn();
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
            ("mdw-idcode", "mdw 0x40015800"),
            ("option-read", "stm32l4x option_read 0 0x20"),
            ("reset-run", "reset run"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-c", "gdb_port disabled", "-c", "tcl_port disabled", "-c", "telnet_port disabled",
             "-f", "interface/stlink.cfg", "-c", $"hla_stlink_backend tcp {port}", "-f", "target/stm32g0x.cfg"],
            steps, TimeSpan.FromSeconds(120));

        Assert.False(run.TimedOut, $"openocd did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd:\n{string.Join("\n", failures)}\n{run.Log}");
        Assert.Equal(0, run.ExitCode);
        // stm32l4x.c names the part from DEV_ID 0x460 (RM0444 40.9.1) and reads the flash size register (RM0444 1.5).
        Assert.Matches(@"device idcode = 0x[0-9a-f]{4}0460", run.Log.ToLowerInvariant());
        Assert.Contains("flash size = 128", run.Log, StringComparison.Ordinal);
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        Assert.DoesNotContain("falling back", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("no working area", run.Log, StringComparison.Ordinal);
        Assert.Matches(@"0x40015800: [0-9a-f]{4}0460", run.Section("mdw-idcode")!.ToLowerInvariant());
        // RM0444 3.7.8: the G071's FLASH_OPTR as delivered.
        Assert.Contains("0xdfffe1aa", run.Section("option-read")!, StringComparison.OrdinalIgnoreCase);

        lock (board.SyncRoot)
        {
            Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
            Assert.True(board.Counters.SectorErases[0] >= 1, "no page erase reached the flash interface");
            Assert.False(((G0Family)board.Chip.Family).Flash.IsUnlocked, "OpenOCD left the flash unlocked");
        }
    }
}
