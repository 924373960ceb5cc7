using Stm32.Build.Flashing.Session;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard.Server;
using Xunit;

namespace Stm32.Cli.Tests.Signals;

/// <summary>
/// A termination signal during programming ends like Ctrl+C: a real <c>stm32 flash</c> process, flashing a 960 KiB
/// raw image (a vector table whose reset handler is a <c>b .</c> loop, then a pseudo-random payload, so every flash
/// word is programmed) into a virtual board served over TCP by this test, is signalled once it prints a programming
/// progress line.
/// The board outlives the process, so its flash controller shows what the process left: both FLASH_CRx must read
/// LOCK set and PG clear. The exit code is 128 + the signal, the coded line says what was partly programmed, and a
/// second flash reaches a verified image.
/// </summary>
public sealed class TerminationSignalTests : IDisposable
{
    private readonly string _bin = Path.Combine(Path.GetTempPath(), $"stm32-signal-{Guid.NewGuid():N}.bin");

    public TerminationSignalTests() => File.WriteAllBytes(_bin, Image(960 * 1024));

    public void Dispose() => File.Delete(_bin);

    /// <summary>
    /// A 0x400-byte vector table (initial SP 0x20020000, the DTCM's end; every handler 0x08000401, Thumb), the code
    /// <c>b .</c> (0xE7FE) at 0x08000400, then pseudo-random bytes.
    /// </summary>
    internal static byte[] Image(int size)
    {
        var image = new byte[size];
        new Random(747).NextBytes(image);
        BitConverter.GetBytes(0x2002_0000u).CopyTo(image, 0);
        for (var vector = 4; vector < 0x400; vector += 4)
        {
            BitConverter.GetBytes(0x0800_0401u).CopyTo(image, vector);
        }
        BitConverter.GetBytes((ushort)0xE7FE).CopyTo(image, 0x400);
        return image;
    }

    private const uint FlashCr1 = 0x5200_200C, FlashCr2 = 0x5200_210C; // RM0399 4.9.4: FLASH_CR1, FLASH_CR2 (bank 2 at +0x100)
    private const uint CrLock = 1u << 0, CrPg = 1u << 1;

    [Theory]
    [InlineData(15, "SIGTERM", 143)]
    [InlineData(1, "SIGHUP", 129)]
    [InlineData(2, "SIGINT", 130)]
    [InlineData(3, "SIGQUIT", 131)]
    public void A_signal_during_programming_relocks_the_flash_says_what_was_left_and_a_rerun_verifies(int signal, string name, int exitCode)
    {
        var elf = _bin;
        using var board = new VirtualBoard(new VirtualBoardOptions());
        int code;
        string err;
        using (var server = new StLinkTcpServer(board.Probe, board.SyncRoot))
        {
            var port = server.Start(0).Port;
            using var process = Stm32Process.Start("flash", "--probe", $"tcp://127.0.0.1:{port}", "-v", "--delay-guard", "0", elf);
            process.WaitForErrLine("stm32: program: ", TimeSpan.FromSeconds(90));
            process.Signal(signal);
            (code, _, err) = process.WaitForExit(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(exitCode, code);
        Assert.Contains($"{name} received", err, StringComparison.Ordinal);
        Assert.Contains($"error STM0010: stopped by {name} during program", err, StringComparison.Ordinal);
        // The loader path erases a sector just before programming it, the host path erases them all first: at
        // least the image's first sector was erased when programming began.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(err, @"sector\(s\) were erased \(1:0(, [^)]*)?\) and \d+ bytes were programmed"), err);
        Assert.DoesNotContain("Unhandled exception", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);

        using (var session = DebugSessions.Open(new VirtualProbeTransport(board)))
        {
            session.Connect(holdInReset: false);
            foreach (var cr in new[] { FlashCr1, FlashCr2 })
            {
                var value = session.ReadWord(0, cr);
                Assert.True((value & CrLock) != 0, $"FLASH_CR at 0x{cr:X8} reads 0x{value:X8}: LOCK clear after {name}");
                Assert.True((value & CrPg) == 0, $"FLASH_CR at 0x{cr:X8} reads 0x{value:X8}: PG still set after {name}");
            }
        }

        using (var again = new StLinkTcpServer(board.Probe, board.SyncRoot))
        {
            var port = again.Start(0).Port;
            var rerun = CliRun.Run("flash", "--probe", $"tcp://127.0.0.1:{port}", "--delay-guard", "0", elf);
            Assert.True(rerun.ExitCode == ExitCodes.Success, rerun.Out + rerun.Err);
            Assert.Contains("verify: crc passed", rerun.Out, StringComparison.Ordinal);
            Assert.Contains("boot CM7: confirmed", rerun.Out, StringComparison.Ordinal);
        }
    }
}
