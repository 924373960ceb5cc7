using System.Globalization;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.G0;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.OpenOcd;

/// <summary>
/// The proof that the virtual STM32G071 and the dual-bank STM32G0B1 behave like real ones to a real client: Debian's
/// OpenOCD 0.12 with <c>target/stm32g0x.cfg</c> (its <c>stm32l4x</c> flash driver serves the G0) talks to our ST-LINK
/// server through HLA (<c>interface/stlink.cfg</c>), identifies the part by DBG_IDCODE at 0x40015800 and the flash size
/// register (0x1FFF75E0), erases and programs the flash with its own flash loader running on the emulated Cortex-M0+ in
/// a work area of SRAM, verifies, reads the option bytes and resets. The firmware is the family program of
/// tests/firmware/g0; on the G0B1 a second image spans the last page of bank 1 and the first of bank 2, which OpenOCD
/// erases with BKER (its bank-2 page numbers 0-127) and programs through both banks' busy flags.
/// </summary>
[Trait("Requires", "openocd")]
[Trait("Requires", "gcc")]
public sealed class OpenOcdG0ProofTests
{
    [Fact]
    public void OpenOcd_flashes_verifies_and_reads_the_option_bytes_of_a_virtual_G071()
    {
        var run = Prove("STM32G071RB", "NUCLEO-G071RB", FamilyPart.G071, null);
        // stm32l4x.c names the part from DEV_ID 0x460 (RM0444 40.9.1) and reads the flash size register (RM0444 1.5).
        Assert.Matches(@"device idcode = 0x[0-9a-f]{4}0460", run.Log.ToLowerInvariant());
        Assert.Contains("flash size = 128", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenOcd_flashes_both_banks_of_a_virtual_G0B1_across_the_bank_boundary()
    {
        var span = new byte[0x1000];
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (byte)(i * 7 + 3);
        }
        var run = Prove("STM32G0B1RE", "NUCLEO-G0B1RE", FamilyPart.G0B1, span);
        // DEV_ID 0x467 (RM0444 40.9.1), 512 KiB (RM0444 1.5), and the dual-bank organisation OpenOCD reads from
        // FLASH_OPTR.DUAL_BANK (bit 21).
        Assert.Matches(@"device idcode = 0x[0-9a-f]{4}0467", run.Log.ToLowerInvariant());
        Assert.Contains("flash size = 512", run.Log, StringComparison.Ordinal);
        Assert.Contains("dual", run.Log, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Runs OpenOCD against a virtual <paramref name="device"/> holding a slightly different program, flashes the family
    /// program (and <paramref name="span"/> at 0x0803F800 when given), verifies, reads FLASH_OPTR, and checks the arrays.
    /// </summary>
    private static OpenOcdRun Prove(string device, string boardName, FamilyPart part, byte[]? span)
    {
        Assert.True(OpenOcdRun.Executable is not null, "openocd is not installed (Debian package 'openocd')");
        var elf = FirmwareBuilder.BuildFamily(part);
        var image = FirmwareBuilder.ConvertTo(elf, "binary", Path.Combine(Path.GetTempPath(), $"g0-{Guid.NewGuid():N}.bin"), "--gap-fill", "0xff");
        var expected = File.ReadAllBytes(image);
        File.Delete(image);
        const uint spanAt = 0x0803_F800, bank2 = 0x0804_0000;
        var spanPath = Path.Combine(Path.GetTempPath(), $"g0-span-{Guid.NewGuid():N}.bin");
        try
        {
            using var board = new VirtualBoard(new VirtualBoardOptions { Device = device, Board = BoardCatalog.Resolve(boardName), Probe = ProbeModel.V2_1 });
            lock (board.SyncRoot)
            {
                // A board as it comes off the bench: something in flash (the same program, its last word changed; on the
                // G0B1 something in both banks around their boundary), powered up with it.
                var family = (G0Family)board.Chip.Family;
                expected.CopyTo(family.Flash.BankArray(1), 0);
                family.Flash.BankArray(1)[expected.Length - 4] ^= 0x5A;
                if (span is not null)
                {
                    family.Flash.BankArray(1).AsSpan(^0x1000).Fill(0x11);
                    family.Flash.BankArray(2).AsSpan(0, 0x1000).Fill(0x22);
                }
                board.Chip.PowerOff();
                board.Chip.PowerOn();
            }
            using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
            var port = server.Start(0).Port.ToString(CultureInfo.InvariantCulture);
            var elfPath = elf.Replace('\\', '/');
            var steps = new List<(string, string)>
            {
                ("init", "init"),
                ("reset-halt", "reset halt"),
                ("flash-probe", "flash probe 0"),
                ("write-image", $"flash write_image erase {elfPath}"),
                ("verify-image", $"verify_image {elfPath}"),
            };
            if (span is not null)
            {
                File.WriteAllBytes(spanPath, span);
                var p = spanPath.Replace('\\', '/');
                steps.Add(("write-span", $"flash write_image erase {p} 0x{spanAt:X8} bin"));
                steps.Add(("verify-span", $"verify_image {p} 0x{spanAt:X8} bin"));
            }
            steps.AddRange(
            [
                ("mdw-idcode", "mdw 0x40015800"),
                ("option-read", "stm32l4x option_read 0 0x20"),
                ("reset-run", "reset run"),
                ("shutdown", "shutdown"),
            ]);
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
            Assert.Contains("verified", run.Section("verify-image")!, StringComparison.Ordinal);
            Assert.DoesNotContain("falling back", run.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("no working area", run.Log, StringComparison.Ordinal);
            Assert.Matches(@"0x40015800: [0-9a-f]{5}" + (part == FamilyPart.G071 ? "460" : "467"), run.Section("mdw-idcode")!.ToLowerInvariant());
            // RM0444 3.7.8: FLASH_OPTR as delivered.
            Assert.Contains("0xdfffe1aa", run.Section("option-read")!, StringComparison.OrdinalIgnoreCase);

            lock (board.SyncRoot)
            {
                var family = (G0Family)board.Chip.Family;
                Assert.Equal(expected, board.Chip.FlashBank(1)[..expected.Length].ToArray());
                Assert.True(board.Counters.SectorErases[0] >= 1, "no page erase reached the flash interface");
                Assert.False(family.Flash.IsUnlocked, "OpenOCD left the flash unlocked");
                if (span is not null)
                {
                    Assert.Contains("verified", run.Section("verify-span")!, StringComparison.Ordinal);
                    var bank1 = board.Chip.FlashBank(1);
                    var bank2Array = board.Chip.FlashBank(2);
                    Assert.Equal(span[..0x800], bank1[^0x800..].ToArray());
                    Assert.Equal(span[0x800..], bank2Array[..0x800].ToArray());
                    // Only the two pages the span covers were erased: bank 1's page 126 and bank 2's page 257 still hold
                    // what the board came with.
                    Assert.All(bank1[^0x1000..^0x800].ToArray(), v => Assert.Equal(0x11, v));
                    Assert.All(bank2Array[0x800..0x1000].ToArray(), v => Assert.Equal(0x22, v));
                    Assert.Equal(1, board.Counters.SectorErases[1]);
                    Assert.Equal(bank2, family.Flash.ActiveBanks[1].Start);
                }
            }
            return run;
        }
        finally
        {
            File.Delete(spanPath);
        }
    }
}
