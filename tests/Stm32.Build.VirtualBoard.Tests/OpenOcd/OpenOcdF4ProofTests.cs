using System.Globalization;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.F4;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// The proof that the virtual STM32F4 behaves like a real one to a real client: Debian's OpenOCD 0.12 with
/// <c>target/stm32f4x.cfg</c> (its <c>stm32f2x</c> flash driver) talks to our ST-LINK server through HLA
/// (<c>interface/stlink.cfg</c>) and dap-direct (<c>interface/stlink-dap.cfg</c>), identifies the part by DBGMCU_IDCODE at 0xE0042000 and the flash size register,
/// erases and programs the flash with its own flash loader running on the emulated Cortex-M4 in a work area of SRAM,
/// verifies, reads the option bytes and resets. The firmware is the family program of tests/firmware/f4.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdF4ProofTests
{
    [Theory]
    [InlineData("STM32F407VG", "STM32F407G-DISC1", FamilyPart.F407, "0x413", 1024, "interface/stlink.cfg", "hla_stlink_backend tcp")]
    [InlineData("STM32F407VG", "STM32F407G-DISC1", FamilyPart.F407, "0x413", 1024, "interface/stlink-dap.cfg", "st-link backend tcp")]
    [InlineData("STM32F429ZI", "NUCLEO-F429ZI", FamilyPart.F429, "0x419", 2048, "interface/stlink.cfg", "hla_stlink_backend tcp")]
    public void OpenOcd_flashes_verifies_and_reads_the_option_bytes_of_a_virtual_F4(string device, string boardName, FamilyPart part, string devId, int flashKiB,
        string interfaceConfig, string backendCommand)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildFamily(part);
        var image = FirmwareBuilder.ConvertTo(elf, "binary", Path.Combine(Path.GetTempPath(), $"f4-{Guid.NewGuid():N}.bin"), "--gap-fill", "0xff");
        var expected = File.ReadAllBytes(image);
        File.Delete(image);

        using var board = new VirtualBoard(new VirtualBoardOptions { Device = device, Board = BoardCatalog.Resolve(boardName), Probe = ProbeModel.V2_1 });
        lock (board.SyncRoot)
        {
            // A board as it comes off the bench: something in flash (the same program, with its last word changed), running.
            var family = (F4Family)board.Chip.Family;
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
             "-f", interfaceConfig, "-c", $"{backendCommand} {port}", "-f", "target/stm32f4x.cfg"],
            steps, TimeSpan.FromSeconds(120));

        Assert.False(run.TimedOut, $"openocd did not finish:\n{run.Log}");
        var failures = steps
            .Select(s => (Step: s.Item1, Section: run.Section(s.Item1)))
            .Where(s => s.Section is null || s.Section.Contains("Error", StringComparison.Ordinal))
            .Select(s => $"step '{s.Step}': {(s.Section is null ? "never reached" : s.Section.Trim())}")
            .ToList();
        Assert.True(failures.Count == 0, $"openocd:\n{string.Join("\n", failures)}\n{run.Log}");
        Assert.Equal(0, run.ExitCode);
        // stm32f2x.c names the part from DEV_ID and reads the flash size register (RM0090 39.2).
        Assert.Contains($"device id = 0x1000{devId[2..].PadLeft(4, '0')}", run.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"flash size = {flashKiB} KiB", run.Log, StringComparison.Ordinal);
        Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
        // stm32f2x.c programs through its loader in the work area (0x20000000) when the target runs it, and warns
        // before falling back to single memory accesses otherwise.
        Assert.DoesNotContain("falling back", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("no working area", run.Log, StringComparison.Ordinal);
        Assert.Contains("0xe0042000: 1000" + devId[2..].PadLeft(4, '0'), run.Section("mdw-idcode")!, StringComparison.OrdinalIgnoreCase);
        // RM0090 3.9.10: the factory OPTCR is 0x0FFFAAED; options_read prints its user option bits (7:2, OPTLOCK and
        // OPTSTRT masked): BOR_LEV 11, WDG_SW, nRST_STOP, nRST_STDBY = 0xEC.
        var options = System.Text.RegularExpressions.Regex.Match(run.Section("option-read")!, "user_options 0x([0-9A-Fa-f]+)");
        Assert.True(options.Success, run.Section("option-read"));
        Assert.Equal(0xECu, uint.Parse(options.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0xFF);

        lock (board.SyncRoot)
        {
            Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
            Assert.True(board.Counters.SectorErases[0] >= 1, "no sector erase reached the flash interface");
            Assert.False(((F4Family)board.Chip.Family).Flash.IsUnlocked, "OpenOCD left the flash unlocked");
        }
    }
}
