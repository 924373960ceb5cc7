using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Cli.Tests;

public sealed class ReadCommandTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"stm32-read-cli-{Guid.NewGuid():N}.state");
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"stm32-read-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        File.Delete(_state);
        File.Delete(_out + ".bin");
        File.Delete(_out + ".hex");
    }

    [Fact]
    public void Read_writes_the_flash_back_as_binary_and_as_intel_hex()
    {
        var elf = FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky);
        Assert.Equal(ExitCodes.Success, CliRun.Run("flash", "--probe", "sim", "--state", _state, "--delay-guard", "0", elf).ExitCode);
        var image = ImageReader.Read(elf);
        var first = image.Segments[0];

        var bin = CliRun.Run("read", "--probe", "sim", "--state", _state, "--address", "0x08000000", "--length", "4096", "-o", _out + ".bin");
        Assert.Equal(ExitCodes.Success, bin.ExitCode);
        var bytes = File.ReadAllBytes(_out + ".bin");
        Assert.Equal(4096, bytes.Length);
        Assert.True(bytes.AsSpan((int)(first.Address - 0x0800_0000), first.Length).SequenceEqual(first.Data.Span));

        var hex = CliRun.Run("read", "--probe", "sim", "--state", _state, "--address", "0x08000000", "--length", "256", "-o", _out + ".hex");
        Assert.Equal(ExitCodes.Success, hex.ExitCode);
        var back = ImageReader.Read(_out + ".hex");
        Assert.Equal(0x0800_0000u, back.StartAddress);
        Assert.Equal(image.ReadUInt32(0x0800_0004), back.ReadUInt32(0x0800_0004));
    }

    [Fact]
    public void Read_needs_an_output_file()
    {
        var result = CliRun.Run("read", "--probe", "sim", "--state", _state);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}
