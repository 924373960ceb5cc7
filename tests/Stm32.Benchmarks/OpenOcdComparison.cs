using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stm32.Build.Devices;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard.Peripherals;
using Stm32.Build.VirtualBoard.Server;

namespace Stm32.Benchmarks;

/// <summary>
/// The same images flashed by Debian's OpenOCD 0.12 — its stm32h7x driver with its own RAM loader and default work
/// area (64 KiB of DTCM), <c>reset init</c> (which sets its 4 MHz SWD clock) and <c>flash write_image erase</c> — and
/// by this product (the pipeline over <c>tcp://</c>, no boot confirmation), each on a fresh virtual board behind the
/// ST-LINK server <c>stm32 sim serve</c> runs (<see cref="StLinkTcpServer"/>, in this process so the board's virtual
/// clock can be read), compared by the board's virtual time from the client's first command to its last.
/// </summary>
internal static class OpenOcdComparison
{
    public static int Run(TextWriter output, DeviceDescription device, ImageInput[] one, ImageInput[] two)
    {
        var openocd = new[] { "/usr/bin/openocd", "/usr/local/bin/openocd" }.FirstOrDefault(File.Exists);
        output.WriteLine("OpenOCD 0.12 (stm32h7x, its loader, default work area) and this product, through the ST-LINK server, STLINK-V3 (virtual time of the whole session)");
        if (openocd is null)
        {
            output.WriteLine("openocd is not installed (apt-get install openocd): comparison not run");
            return 1;
        }
        output.WriteLine("image          | OpenOCD s | this product s | OpenOCD / this product | both images verified");
        output.WriteLine("---------------|-----------|----------------|------------------------|---------------------");
        var timelines = new List<string>();
        foreach (var (name, images) in new[] { ("128 KiB", one), ("2 MiB, 2 banks", two) })
        {
            var expected = images.Select(i => i.Image).ToList();
            var theirs = Session(device, expected, board => FlashWithOpenOcd(openocd, board, expected), out var theirsOk, out var theirsLog, out var theirsLine);
            var ours = Session(device, expected, board => FlashWithProduct(board, device, images), out var oursOk, out var oursLog, out var oursLine);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} | {theirs.TotalSeconds,9:0.000} | {ours.TotalSeconds,14:0.000} | {theirs / ours,22:0.00} | {(theirsOk && oursOk ? "yes" : "NO")}"));
            timelines.Add($"{name,-14} | OpenOCD        | {theirsLine}");
            timelines.Add($"{name,-14} | this product   | {oursLine}");
            if (!theirsOk)
            {
                output.WriteLine("OpenOCD did not program the image; its log ends with:");
                output.WriteLine(string.Join(Environment.NewLine, theirsLog.Split('\n').TakeLast(25)));
                return 1;
            }
            if (!oursOk)
            {
                output.WriteLine("this product did not program the image: " + oursLog);
                return 1;
            }
        }
        output.WriteLine();
        output.WriteLine("Where the session's virtual time goes (from the chip's trace: sector erases and flash words as the flash controller starts them)");
        output.WriteLine("image          | client         | before the first erase ms | first erase to first flash word ms | first to last flash word ms | after the last flash word ms | sector erases");
        output.WriteLine("---------------|----------------|---------------------------|------------------------------------|-----------------------------|------------------------------|--------------");
        foreach (var line in timelines)
        {
            output.WriteLine(line);
        }
        return 0;
    }

    /// <summary>A fresh board with a small program in sector 0 (as a board off the bench), the server, the client's virtual time.</summary>
    private static TimeSpan Session(DeviceDescription device, IReadOnlyList<FirmwareImage> expected, Func<VirtualBoard, string?> client, out bool verified, out string log, out string timeline)
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { Probe = ProbeModel.V3 });
        Bench(board, device);
        var start = board.Clock.Now;
        long firstErase = -1, firstWord = -1, lastWord = -1, erases = 0;
        void OnEvent(ChipEvent e)
        {
            if (e.Kind == ChipEventKind.FlashErased)
            {
                erases++;
                firstErase = firstErase < 0 ? e.TimeNs : firstErase;
            }
            else if (e.Kind == ChipEventKind.FlashProgrammed)
            {
                firstWord = firstWord < 0 ? e.TimeNs : firstWord;
                lastWord = e.TimeNs;
            }
        }
        board.Chip.Trace.Recorded += OnEvent;
        var startNs = board.Clock.Nanoseconds;
        log = client(board) ?? "";
        var elapsed = board.Clock.Now - start;
        lock (board.SyncRoot)
        {
            board.Chip.Trace.Recorded -= OnEvent;
        }
        var endNs = board.Clock.Nanoseconds;
        static string Ms(long ns) => (ns / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
        timeline = $"{Ms(firstErase - startNs),25} | {Ms(firstWord - firstErase),34} | {Ms(lastWord - firstWord),27} | {Ms(endNs - lastWord),28} | {erases,13}";
        lock (board.SyncRoot)
        {
            verified = expected.All(image => image.Segments.All(s =>
                board.Chip.FlashBank(device.FindBank(s.Address)!.Number)
                    .Slice((int)(s.Address - device.FindBank(s.Address)!.Start), s.Length).SequenceEqual(s.Data.Span)));
        }
        return elapsed;
    }

    /// <summary>A vector table and a branch-to-self at 0x08000000, so the core does not lock up on erased flash at the clients' reset.</summary>
    private static void Bench(VirtualBoard board, DeviceDescription device)
    {
        var bytes = new byte[64];
        BitConverter.GetBytes(0x2002_0000u).CopyTo(bytes, 0);
        BitConverter.GetBytes(0x0800_0021u).CopyTo(bytes, 4);
        bytes[32] = 0xFE;
        bytes[33] = 0xE7; // b .
        var image = ImageReader.Read(bytes, "bench.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = 0x0800_0000 });
        using var session = DebugSessions.Open(new VirtualProbeTransport(board));
        var report = new FlashPipeline(session).FlashAsync(new FlashRequest
        {
            Device = device,
            Images = [new ImageInput(image, "CM7")],
            DelayGuard = TimeSpan.Zero,
        }).GetAwaiter().GetResult();
        report.ThrowIfFailed();
        session.Disconnect();
    }

    private static string? FlashWithOpenOcd(string openocd, VirtualBoard board, IReadOnlyList<FirmwareImage> images)
    {
        var hex = Path.Combine(Path.GetTempPath(), $"flash-speed-{Guid.NewGuid():N}.hex");
        var logFile = Path.ChangeExtension(hex, ".log");
        try
        {
            using (var writer = new StreamWriter(hex, false, new UTF8Encoding(false)))
            {
                IntelHexWriter.Write(Merge(images), writer);
            }
            using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
            var port = server.Start(0).Port.ToString(CultureInfo.InvariantCulture);
            var info = new ProcessStartInfo(openocd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
            {
                "-l", logFile, "-f", "interface/stlink-dap.cfg", "-c", $"st-link backend tcp {port}", "-f", "target/stm32h7x_dual_bank.cfg",
                "-c", "init", "-c", "reset init", "-c", $"flash write_image erase {hex.Replace('\\', '/')}", "-c", "shutdown",
            })
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
            }
            process.WaitForExit();
            server.Stop();
            return (File.Exists(logFile) ? File.ReadAllText(logFile) : "") + stdout.Result + stderr.Result;
        }
        finally
        {
            File.Delete(hex);
            File.Delete(logFile);
        }
    }

    private static string? FlashWithProduct(VirtualBoard board, DeviceDescription device, ImageInput[] images)
    {
        using var server = new StLinkTcpServer(board.Probe, board.SyncRoot);
        var port = server.Start(0).Port;
        using var session = DebugSessions.Open(string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{port}"));
        var report = new FlashPipeline(session).FlashAsync(new FlashRequest
        {
            Device = device,
            Images = images,
            ConfirmBoot = false,
            Run = false,
            DelayGuard = TimeSpan.Zero,
        }).GetAwaiter().GetResult();
        session.Disconnect();
        return report.Succeeded ? $"path {report.ProgramPath}" : report.Error!.ToString();
    }

    private static FirmwareImage Merge(IReadOnlyList<FirmwareImage> images)
    {
        var end = images.SelectMany(i => i.Segments).Max(s => s.End);
        var start = images.SelectMany(i => i.Segments).Min(s => s.Address);
        var bytes = new byte[end - start];
        Array.Fill(bytes, (byte)0xFF);
        foreach (var segment in images.SelectMany(i => i.Segments))
        {
            segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
        }
        return ImageReader.Read(bytes, "merged.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = start });
    }
}
