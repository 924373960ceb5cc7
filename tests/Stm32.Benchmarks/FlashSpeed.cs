using System.Diagnostics;
using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;

namespace Stm32.Benchmarks;

/// <summary>
/// Flash speed on the virtual board's clock (not wall time), printed as ratios to the limit the datasheet's typical
/// figures give for the same work (the report's <c>phases</c>: DS12930 sector erase and t_prog per 256-bit flash word
/// at x64, banks in parallel): 128 KiB into one 128 KiB sector of an STM32H747 through each ST-LINK model, 2 MiB over
/// both banks, each through the RAM loader and the host-driven path; the host CPU time of the in-process 2 MiB flash;
/// and the same images flashed by OpenOCD 0.12 with its own stm32h7x loader (default work area) and by this product,
/// both through the ST-LINK server of the same kind of virtual board (<see cref="OpenOcdComparison"/>). Run:
/// <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- flash-speed</c>.
/// </summary>
public static class FlashSpeed
{
    /// <summary>The single-sector image size.</summary>
    public const int ImageBytes = 128 * 1024;

    /// <summary>Runs the measurements and prints the tables; returns the process exit code.</summary>
    public static int Run(TextWriter output)
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var one = OneSector();
        var two = TwoBanks();
        output.WriteLine("128 KiB into one sector of an STM32H747 (virtual clock)");
        Header(output);
        foreach (var probe in new[] { ProbeModel.V3, ProbeModel.V2_1, ProbeModel.V2 })
        {
            foreach (var path in new[] { ProgramPath.Auto, ProgramPath.Host })
            {
                if (Row(output, device, one, probe, path) is null)
                {
                    return 1;
                }
            }
        }
        output.WriteLine();
        output.WriteLine("2 MiB, 1 MiB per bank (both cores) (virtual clock); the limit has the banks in parallel");
        Header(output);
        foreach (var probe in new[] { ProbeModel.V3, ProbeModel.V2_1 })
        {
            foreach (var path in new[] { ProgramPath.Auto, ProgramPath.Host })
            {
                if (Row(output, device, two, probe, path) is null)
                {
                    return 1;
                }
            }
        }
        output.WriteLine();
        return OpenOcdComparison.Run(output, device, one, two);
    }

    /// <summary>
    /// Only the host CPU time of the 2 MiB flash through the RAM loader on the in-process board, <paramref name="runs"/>
    /// times (for profiling): <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- flash-cpu [RUNS]</c>.
    /// </summary>
    public static int RunHostCpu(TextWriter output, int runs)
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var two = TwoBanks();
        Header(output);
        for (var i = 0; i < runs; i++)
        {
            if (Row(output, device, two, ProbeModel.V3, ProgramPath.Auto) is null)
            {
                return 1;
            }
        }
        return 0;
    }

    /// <summary>Only the OpenOCD comparison: <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- flash-openocd</c>.</summary>
    public static int RunOpenOcd(TextWriter output) =>
        OpenOcdComparison.Run(output, DeviceCatalog.BuiltIn.Get("STM32H747XI"), OneSector(), TwoBanks());

    private static ImageInput[] OneSector() => [new ImageInput(Image(0x0800_0000, ImageBytes, 0x2002_0000, 14), "CM7")];

    private static ImageInput[] TwoBanks() =>
    [
        new ImageInput(Image(0x0800_0000, 1024 * 1024, 0x2002_0000, 15), "CM7"),
        new ImageInput(Image(0x0810_0000, 1024 * 1024, 0x1004_0000, 16), "CM4"),
    ];

    private static void Header(TextWriter output)
    {
        output.WriteLine("probe  | path   | erase ms | program ms | erase+program ms | limit ms | ratio | program ratio | USB round trips | host CPU s");
        output.WriteLine("-------|--------|----------|------------|------------------|----------|-------|---------------|-----------------|-----------");
    }

    /// <summary>Flashes <paramref name="images"/> onto a fresh in-process virtual board and prints one row.</summary>
    private static FlashReport? Row(TextWriter output, DeviceDescription device, ImageInput[] images, ProbeModel probe, ProgramPath path)
    {
        using var board = new VirtualBoard(new VirtualBoardOptions { Probe = probe });
        using var session = DebugSessions.Open(new VirtualProbeTransport(board));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var report = new FlashPipeline(session).FlashAsync(new FlashRequest
        {
            Device = device,
            Images = images,
            ProgramPath = path,
            ConfirmBoot = false,
            Run = false,
            DelayGuard = TimeSpan.Zero,
        }).GetAwaiter().GetResult();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (!report.Succeeded)
        {
            output.WriteLine($"{Name(probe)} {path}: {report.Error}");
            return null;
        }
        var erase = Phase(report, "erase");
        var program = Phase(report, "program");
        var both = Phase(report, "erase+program");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Name(probe),-6} | {report.ProgramPath,-6} | {erase.Ms,8:0.0} | {program.Ms,10:0.0} | {both.Ms,16:0.0} | {both.LimitMs,8:0.0} | {both.Ratio,5:0.00} | {program.Ratio,13:0.00} | {board.Counters.UsbRoundTrips,15} | {cpu.TotalSeconds,9:0.00}"));
        if (path == ProgramPath.Auto && report.ProgramPathReason is { } reason)
        {
            output.WriteLine($"       (the loader did not run: {reason})");
        }
        return report;
    }

    internal static PhaseReport Phase(FlashReport report, string name) =>
        report.Phases.FirstOrDefault(p => p.Name == name) ?? new PhaseReport(name, 0, 0, null, null, null, null);

    internal static string Name(ProbeModel probe) => probe switch { ProbeModel.V2_1 => "V2-1", _ => probe.ToString() };

    /// <summary>
    /// <paramref name="length"/> bytes at <paramref name="address"/>: a vector table (initial SP
    /// <paramref name="stack"/>, every handler in the image with the Thumb bit) and pseudo-random bytes that contain
    /// no erased flash word, so every flash word is programmed.
    /// </summary>
    internal static FirmwareImage Image(uint address, int length, uint stack, int seed)
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
