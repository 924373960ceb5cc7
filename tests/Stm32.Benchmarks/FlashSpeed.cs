using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Driver;

namespace Stm32.Benchmarks;

/// <summary>
/// Flash speed on the virtual board's clock (not wall time): a 128 KiB image into one 128 KiB sector of an
/// STM32H747 through each ST-LINK model, and 2 MiB over both banks, erase and program measured by the pipeline on
/// the board's virtual clock, printed beside the limit the chip model's flash timings give for the same work
/// (DS12930 typical values: sector erase, t_prog per 256-bit flash word at x64). Run:
/// <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- flash-speed</c>.
/// </summary>
public static class FlashSpeed
{
    /// <summary>The image size.</summary>
    public const int ImageBytes = 128 * 1024;

    /// <summary>Runs the measurement and prints the table; returns the process exit code.</summary>
    public static int Run(TextWriter output) => RunOneSector(output) == 0 ? RunDualBank(output) : 1;

    /// <summary>
    /// 2 MiB, 1 MiB per bank (a Cortex-M7 image in bank 1, a Cortex-M4 image in bank 2): the limit has the banks
    /// working in parallel (8 sector erases and 32768 flash words per bank).
    /// </summary>
    private static int RunDualBank(TextWriter output)
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        const int x64 = 3;
        const int bank = 1024 * 1024;
        var eraseLimit = FlashTimings.SectorErase[x64].TotalMilliseconds * 8;
        var programLimit = FlashTimings.FlashWordProgram[x64].TotalMilliseconds * (bank / 32);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2 MiB, 1 MiB per bank (both cores) (virtual clock); limit with the banks in parallel: erase {eraseLimit:0} ms + program {programLimit:0.0} ms = {eraseLimit + programLimit:0.0} ms"));
        output.WriteLine("probe  | erase ms | program ms | erase+program ms | ratio to limit | program ratio | USB round trips");
        output.WriteLine("-------|----------|------------|------------------|----------------|---------------|----------------");
        var cm7 = Image(0x0800_0000, bank, 0x2002_0000, 15);
        var cm4 = Image(0x0810_0000, bank, 0x1004_0000, 16);
        foreach (var probe in new[] { ProbeModel.V3, ProbeModel.V2_1 })
        {
            using var board = new VirtualBoard(new VirtualBoardOptions { Probe = probe });
            using var session = DebugSessions.Open(new VirtualProbeTransport(board));
            var report = new FlashPipeline(session).FlashAsync(new FlashRequest
            {
                Device = device,
                Images = [new ImageInput(cm7, "CM7"), new ImageInput(cm4, "CM4")],
                ConfirmBoot = false,
                Run = false,
                DelayGuard = TimeSpan.Zero,
            }).GetAwaiter().GetResult();
            if (!report.Succeeded)
            {
                output.WriteLine($"{probe}: {report.Error}");
                return 1;
            }
            var erase = report.DurationsMs["erase"];
            var program = report.DurationsMs["program"];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Name(probe),-6} | {erase,8:0.0} | {program,10:0.0} | {erase + program,16:0.0} | {(erase + program) / (eraseLimit + programLimit),14:0.00} | {program / programLimit,13:0.00} | {board.Counters.UsbRoundTrips,15}"));
        }
        return 0;
    }

    private static int RunOneSector(TextWriter output)
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var image = Image(0x0800_0000, ImageBytes, 0x2002_0000, 14);
        const int x64 = 3;
        var eraseLimit = FlashTimings.SectorErase[x64].TotalMilliseconds;
        var programLimit = FlashTimings.FlashWordProgram[x64].TotalMilliseconds * (ImageBytes / 32);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"128 KiB into one sector of an STM32H747 (virtual clock); limit: erase {eraseLimit:0} ms + program {programLimit:0.0} ms = {eraseLimit + programLimit:0.0} ms"));
        output.WriteLine("probe  | erase ms | program ms | erase+program ms | ratio to limit | program ratio | USB round trips");
        output.WriteLine("-------|----------|------------|------------------|----------------|---------------|----------------");
        foreach (var probe in new[] { ProbeModel.V3, ProbeModel.V2_1, ProbeModel.V2 })
        {
            using var board = new VirtualBoard(new VirtualBoardOptions { Probe = probe });
            using var session = DebugSessions.Open(new VirtualProbeTransport(board));
            var report = new FlashPipeline(session).FlashAsync(new FlashRequest
            {
                Device = device,
                Images = [new ImageInput(image, "CM7")],
                ConfirmBoot = false,
                Run = false,
                DelayGuard = TimeSpan.Zero,
            }).GetAwaiter().GetResult();
            if (!report.Succeeded)
            {
                output.WriteLine($"{probe}: {report.Error}");
                return 1;
            }
            var erase = report.DurationsMs["erase"];
            var program = report.DurationsMs["program"];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Name(probe),-6} | {erase,8:0.0} | {program,10:0.0} | {erase + program,16:0.0} | {(erase + program) / (eraseLimit + programLimit),14:0.00} | {program / programLimit,13:0.00} | {board.Counters.UsbRoundTrips,15}"));
        }
        return 0;
    }

    private static string Name(ProbeModel probe) => probe switch { ProbeModel.V2_1 => "V2-1", _ => probe.ToString() };

    /// <summary>
    /// <paramref name="length"/> bytes at <paramref name="address"/>: a vector table (initial SP
    /// <paramref name="stack"/>, every handler in the image with the Thumb bit) and pseudo-random bytes that contain
    /// no erased flash word, so every flash word is programmed.
    /// </summary>
    private static FirmwareImage Image(uint address, int length, uint stack, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 32)
        {
            bytes[i] = 0x5A;
        }
        BitConverter.GetBytes(stack).CopyTo(bytes, 0);
        for (var vector = 1; vector < 16 + 150; vector++)
        {
            BitConverter.GetBytes(address + 0x401).CopyTo(bytes, vector * 4);
        }
        return ImageReader.Read(bytes, $"flash-speed-{address:X8}.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = address });
    }
}
