using System.Globalization;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.L4;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// The proof that the virtual STM32L4 and STM32G4 behave like real ones to a real client: Debian's OpenOCD 0.12 with
/// <c>target/stm32l4x.cfg</c> / <c>target/stm32g4x.cfg</c> (its <c>stm32l4x</c> flash driver) talks to our ST-LINK
/// server through HLA (<c>interface/stlink.cfg</c>), identifies the part by DBGMCU_IDCODE at 0xE0042000 and the flash
/// size register (0x1FFF75E0), reads FLASH_OPTR for the bank organisation, erases and programs the flash with its own
/// flash loader running on the emulated Cortex-M4 in a work area of SRAM, verifies, reads the option bytes and resets.
/// The firmware is the family program of tests/firmware/l4 and tests/firmware/g4.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdL4ProofTests
{
    [Theory]
    [InlineData("STM32L476RG", "NUCLEO-L476RG", FamilyPart.L476, "target/stm32l4x.cfg", "0x415", 1024)]
    [InlineData("STM32L432KC", "NUCLEO-L432KC", FamilyPart.L432, "target/stm32l4x.cfg", "0x435", 256)]
    [InlineData("STM32G431RB", "NUCLEO-G431RB", FamilyPart.G431, "target/stm32g4x.cfg", "0x468", 128)]
    [InlineData("STM32G474RE", "NUCLEO-G474RE", FamilyPart.G474, "target/stm32g4x.cfg", "0x469", 512)]
    public void OpenOcd_flashes_verifies_and_reads_the_option_bytes_of_a_virtual_L4_or_G4(string device, string boardName, FamilyPart part,
        string targetConfig, string devId, int flashKiB)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildFamily(part);
        var image = FirmwareBuilder.ConvertTo(elf, "binary", Path.Combine(Path.GetTempPath(), $"l4-{Guid.NewGuid():N}.bin"), "--gap-fill", "0xff");
        var expected = File.ReadAllBytes(image);
        File.Delete(image);

        using var board = new VirtualBoard(new VirtualBoardOptions { Device = device, Board = BoardCatalog.Resolve(boardName), Probe = ProbeModel.V2_1 });
        lock (board.SyncRoot)
        {
            // A board as it comes off the bench: something in flash (the same program, its last word changed), running.
            var family = (L4Family)board.Chip.Family;
            expected.CopyTo(family.Flash.BankArray(1), 0);
            family.Flash.BankArray(1)[expected.Length - 4] ^= 0x5A;
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
            ("option-read", "stm32l4x option_read 0 0x20"),
            ("reset-run", "reset run"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-c", "gdb_port disabled", "-c", "tcl_port disabled", "-c", "telnet_port disabled",
             "-f", "interface/stlink.cfg", "-c", $"hla_stlink_backend tcp {port}", "-f", targetConfig],
            steps, TimeSpan.FromSeconds(120));

        Assert.False(run.TimedOut, $"openocd did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd:\n{string.Join("\n", failures)}\n{run.Log}");
        Assert.Equal(0, run.ExitCode);
        // stm32l4x.c names the part from DEV_ID and reads the flash size register (RM0351 51.2, RM0440 48.2).
        Assert.Contains($"device idcode = 0x1000{devId[2..].PadLeft(4, '0')}", run.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"flash size = {flashKiB}", run.Log, StringComparison.Ordinal);
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        Assert.DoesNotContain("falling back", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("no working area", run.Log, StringComparison.Ordinal);
        Assert.Contains("0xe0042000: 1000" + devId[2..].PadLeft(4, '0'), run.Section("mdw-idcode")!, StringComparison.OrdinalIgnoreCase);
        // RM0351/RM0440 3.7.8: the factory FLASH_OPTR is 0xFFEFF8AA.
        Assert.Contains("0xffeff8aa", run.Section("option-read")!, StringComparison.OrdinalIgnoreCase);

        lock (board.SyncRoot)
        {
            Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
            Assert.True(board.Counters.SectorErases[0] >= 1, "no page erase reached the flash interface");
            Assert.False(((L4Family)board.Chip.Family).Flash.IsUnlocked, "OpenOCD left the flash unlocked");
        }
    }
}
