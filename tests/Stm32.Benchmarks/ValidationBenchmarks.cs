using BenchmarkDotNet.Attributes;
using Stm32.Build.Devices;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;

namespace Stm32.Benchmarks;

/// <summary>
/// Read and validate the ~2 MiB test image (both flash banks) as ELF and as objcopy's Intel HEX, the way
/// <c>stm32 validate</c> and the Stm32Validate target do after link. Targets: under 20 ms (ELF) and 60 ms (HEX) on one
/// core, allocations proportional to the image (no per-byte objects).
/// Run: <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- --filter '*ValidationBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private byte[] _elf = [];
    private byte[] _hex = [];
    private ImageValidator _validator = null!;

    /// <summary>Builds the 2 MiB image once and loads both files into memory, so the benchmark measures parsing and checks only.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Large);
        _elf = File.ReadAllBytes(elf);
        _hex = File.ReadAllBytes(FirmwareBuilder.Convert(elf, "ihex"));
        _validator = new ImageValidator(DeviceCatalog.BuiltIn.Get("STM32H743XI"));
    }

    /// <summary>Read and validate the ELF.</summary>
    [Benchmark(Baseline = true)]
    public int ReadAndValidateElf() => _validator.Validate(ImageReader.Read(_elf, "large.elf", ImageFormat.Elf)).Diagnostics.Count;

    /// <summary>Read and validate the Intel HEX.</summary>
    [Benchmark]
    public int ReadAndValidateHex() => _validator.Validate(ImageReader.Read(_hex, "large.hex", ImageFormat.IntelHex)).Diagnostics.Count;
}
