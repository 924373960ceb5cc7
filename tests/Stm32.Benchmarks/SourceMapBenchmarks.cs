using BenchmarkDotNet.Attributes;
using Stm32.Build.Images;
using Stm32.Build.Images.Debugging;
using Stm32.Build.TestSupport;

namespace Stm32.Benchmarks;

/// <summary>
/// Build the source map of the CubeIDE-like HAL firmware (tests/firmware/h747hal, -Og -g, DWARF 5 as gcc 12 emits
/// it) from its ELF bytes in memory, beside reading the same ELF's image, and look every halfword of its code up.
/// Run: <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- --filter '*SourceMap*' --job short --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class SourceMapBenchmarks
{
    private byte[] _elf = [];
    private SourceMap _map = SourceMap.Empty;
    private uint _codeStart, _codeEnd;

    [GlobalSetup]
    public void Setup()
    {
        var path = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        _elf = File.ReadAllBytes(path);
        _map = SourceMap.Read(_elf, path);
        var text = ImageReader.Read(_elf, path, ImageFormat.Elf).Sections.Single(s => s.Name == ".text");
        (_codeStart, _codeEnd) = (text.Address, text.Address + text.Size);
    }

    /// <summary>Read the ELF image (headers, segments, sections, symbols): the reference.</summary>
    [Benchmark(Baseline = true)]
    public ulong ReadImage() => ImageReader.Read(_elf, "hal.elf", ImageFormat.Elf).TotalBytes;

    /// <summary>Read the line information into the sorted address table.</summary>
    [Benchmark]
    public int ReadSourceMap() => SourceMap.Read(_elf, "hal.elf").RangeCount;

    /// <summary>Look up every halfword of .text.</summary>
    [Benchmark]
    public int LookUpEveryHalfword()
    {
        int found = 0;
        for (uint a = _codeStart; a < _codeEnd; a += 2)
        {
            found += _map.TryFind(a, out _) ? 1 : 0;
        }
        return found;
    }
}
