using System.Globalization;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.F7;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// The proof that the virtual STM32F7 behaves like a real one to a real client: Debian's OpenOCD 0.12 with
/// <c>target/stm32f7x.cfg</c> (its <c>stm32f2x</c> flash driver, the OTP bank and the ITCM alias bank) talks to our
/// ST-LINK server through HLA (<c>interface/stlink.cfg</c>) and dap-direct (<c>interface/stlink-dap.cfg</c>),
/// identifies the part by DBGMCU_IDCODE at 0xE0042000 (DEV_ID 0x449/0x451) and the flash size register at 0x1FF0F442,
/// reads the F76x's bank mode from FLASH_OPTCR.nDBANK, erases and programs the flash with its own flash loader running
/// on the emulated Cortex-M7 in its default work area (DTCM at 0x20000000), verifies, reads the option bytes
/// (FLASH_OPTCR and the boot addresses of FLASH_OPTCR1) and resets. The firmware is the family program of tests/firmware/f7.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdF7ProofTests
{
    [Theory]
    [InlineData("STM32F746ZG", "NUCLEO-F746ZG", FamilyPart.F746, "0x449", 1024, "interface/stlink.cfg", "hla_stlink_backend tcp")]
    [InlineData("STM32F746ZG", "NUCLEO-F746ZG", FamilyPart.F746, "0x449", 1024, "interface/stlink-dap.cfg", "st-link backend tcp")]
    [InlineData("STM32F767ZI", "NUCLEO-F767ZI", FamilyPart.F767, "0x451", 2048, "interface/stlink.cfg", "hla_stlink_backend tcp")]
    public void OpenOcd_flashes_verifies_and_reads_the_option_bytes_of_a_virtual_F7(string device, string boardName, FamilyPart part, string devId, int flashKiB,
        string interfaceConfig, string backendCommand)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildFamily(part);
        var image = FirmwareBuilder.ConvertTo(elf, "binary", Path.Combine(Path.GetTempPath(), $"f7-{Guid.NewGuid():N}.bin"), "--gap-fill", "0xff");
        var expected = File.ReadAllBytes(image);
        File.Delete(image);

        using var board = new VirtualBoard(new VirtualBoardOptions { Device = device, Board = BoardCatalog.Resolve(boardName), Probe = ProbeModel.V2_1 });
        lock (board.SyncRoot)
        {
            // A board as it comes off the bench: something in flash (the same program, with its last word changed), running.
            var family = (F7Family)board.Chip.Family;
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
            ("option-read", "stm32f2x options_read 0"),
            ("reset-run", "reset run"),
            ("shutdown", "shutdown"),
        ];
        var run = OpenOcdRun.Execute(
            ["-c", "gdb_port disabled", "-c", "tcl_port disabled", "-c", "telnet_port disabled",
             "-f", interfaceConfig, "-c", $"{backendCommand} {port}", "-f", "target/stm32f7x.cfg"],
            steps, TimeSpan.FromSeconds(120));

        Assert.False(run.TimedOut, $"openocd did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd:\n{string.Join("\n", failures)}\n{run.Log}");
        Assert.Equal(0, run.ExitCode);
        // stm32f2x.c names the part from DEV_ID and reads the flash size register (RM0385/RM0410 41.2).
        Assert.Contains($"device id = 0x1000{devId[2..].PadLeft(4, '0')}", run.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"flash size = {flashKiB} KiB", run.Log, StringComparison.Ordinal);
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        // The F76x's factory option bytes select the single bank (nDBANK = 1, RM0410 3.3.2), which stm32f2x.c reports.
        if (devId == "0x451")
        {
            Assert.Contains("Single Bank 2048 kiB STM32F76x/77x found", run.Log, StringComparison.Ordinal);
        }
        // stm32f2x.c programs through its loader in the work area (0x20000000) when the target runs it, and warns
        // before falling back to single memory accesses otherwise.
        Assert.DoesNotContain("falling back", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("no working area", run.Log, StringComparison.Ordinal);
        Assert.Contains("0xe0042000: 1000" + devId[2..].PadLeft(4, '0'), run.Section("mdw-idcode")!, StringComparison.OrdinalIgnoreCase);
        // RM0385/RM0410 3.7.6: the factory OPTCR is 0xC0FFAAFD (F74x) / 0xFFFFAAFD (F76x); options_read prints its user
        // option bits 7:2 (BOR_LEV 11, WWDG_SW, IWDG_SW, nRST_STOP, nRST_STDBY = 0xFC) and, from bit 8, OPTCR bits 31:28
        // (IWDG_STOP, IWDG_STDBY; on the F76x also nDBANK, nDBOOT); then FLASH_OPTCR1's boot addresses (3.7.7).
        var options = System.Text.RegularExpressions.Regex.Match(run.Section("option-read")!, "user_options 0x([0-9A-Fa-f]+)");
        Assert.True(options.Success, run.Section("option-read"));
        Assert.Equal(devId == "0x451" ? 0xFFCu : 0xCFCu, uint.Parse(options.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Contains("boot_add0 0x0080, boot_add1 0x0040", run.Section("option-read")!, StringComparison.OrdinalIgnoreCase);

        lock (board.SyncRoot)
        {
            Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
            Assert.True(board.Counters.SectorErases[0] >= 1, "no sector erase reached the flash interface");
            Assert.False(((F7Family)board.Chip.Family).Flash.IsUnlocked, "OpenOCD left the flash unlocked");
        }
    }
}
