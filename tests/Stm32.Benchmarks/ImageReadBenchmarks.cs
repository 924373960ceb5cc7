using System.Text;
using BenchmarkDotNet.Attributes;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;

namespace Stm32.Benchmarks;

/// <summary>
/// Read the ~2 MiB test image (both flash banks, <see cref="FirmwareVariant.Cm7Large"/>) as ELF, as objcopy's Intel
/// HEX and as objcopy's S-record, from bytes already in memory, and write it back as Intel HEX. Targets: ELF under
/// 20 ms, HEX under 60 ms, allocations proportional to the image size (no per-byte or per-record objects).
/// Run: <c>dotnet run -c Release --project tests/Stm32.Benchmarks -- --filter '*ImageRead*'</c>
/// </summary>
[MemoryDiagnoser]
public class ImageReadBenchmarks
{
    private byte[] _elf = [];
    private byte[] _hex = [];
    private byte[] _srec = [];
    private FirmwareImage _image = null!;

    /// <summary>Builds the image once (cached by FirmwareBuilder) and loads the files into memory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Large);
        _elf = File.ReadAllBytes(elf);
        _hex = File.ReadAllBytes(FirmwareBuilder.Convert(elf, "ihex"));
        _srec = File.ReadAllBytes(FirmwareBuilder.Convert(elf, "srec"));
        _image = ImageReader.Read(_elf, "large.elf", ImageFormat.Elf);
    }

    /// <summary>Parse the ELF (headers, PT_LOAD segments, sections, symbols).</summary>
    [Benchmark(Baseline = true)]
    public ulong ReadElf() => ImageReader.Read(_elf, "large.elf", ImageFormat.Elf).TotalBytes;

    /// <summary>Parse objcopy's Intel HEX of the same image (about 131 000 records).</summary>
    [Benchmark]
    public ulong ReadIntelHex() => ImageReader.Read(_hex, "large.hex", ImageFormat.IntelHex).TotalBytes;

    /// <summary>Parse objcopy's S-record file of the same image.</summary>
    [Benchmark]
    public ulong ReadSRecord() => ImageReader.Read(_srec, "large.srec", ImageFormat.SRecord).TotalBytes;

    /// <summary>Write the image as Intel HEX into memory.</summary>
    [Benchmark]
    public long WriteIntelHex()
    {
        using var writer = new StringWriter(new StringBuilder(_hex.Length));
        IntelHexWriter.Write(_image, writer);
        return writer.GetStringBuilder().Length;
    }
}
