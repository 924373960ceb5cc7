using BenchmarkDotNet.Attributes;
using Stm32.Build.Devices;
using Stm32.Build.Images;
using Stm32.Build.Preflight;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Benchmarks;

/// <summary>
/// The brick-hazard preflight's dry run with its default budget (300 ms of virtual time) of the HAL-style STM32H747
/// firmware (tests/firmware/h747hal, clean: start-up to 480 MHz, UART, one main-loop pass) on custom-h747-ldo: the
/// single-core build (Cortex-M7) and the dual-core build (both cores, HSEM boot handshake). Target: under 1 s of host
/// time each.
/// </summary>
[MemoryDiagnoser]
public class PreflightBenchmarks
{
    private PreflightRequest _single = null!;
    private PreflightRequest _dual = null!;

    /// <summary>Builds (or finds in the cache) both firmware builds and reads their images.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var board = BoardCatalog.Resolve("custom-h747-ldo");
        var single = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var dual = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.Clean);
        _single = new PreflightRequest { Device = device, Board = board, Images = [new PreflightImage(ImageReader.Read(single), "CM7", single)] };
        _dual = new PreflightRequest
        {
            Device = device,
            Board = board,
            Images = [new PreflightImage(ImageReader.Read(dual.Cm7Elf), "CM7", dual.Cm7Elf), new PreflightImage(ImageReader.Read(dual.Cm4Elf), "CM4", dual.Cm4Elf)],
        };
    }

    /// <summary>The single-core image (Cortex-M7 only; the Cortex-M4 is held).</summary>
    [Benchmark]
    public int SingleCore() => Check(PreflightRunner.Run(_single));

    /// <summary>The dual-core images.</summary>
    [Benchmark]
    public int DualCore() => Check(PreflightRunner.Run(_dual));

    private static int Check(PreflightResult result) => result.Hazards.Any()
        ? throw new InvalidOperationException("the clean firmware has hazards: " + string.Join("; ", result.Hazards))
        : result.Findings.Count;
}
