using System.Buffers.Binary;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>
/// `dotnet build` of the Blinky.G474 sample (a CubeIDE-layout project without .cproject) from source: compiled for
/// the STM32G474's Cortex-M4F (cortex-m4, fpv4-sp-d16, hard float), the image validates for the part, and the Flash
/// target programs, verifies and boot-confirms it on the virtual STM32G474.
/// </summary>
[Trait("Requires", "gcc")]
public class BlinkyG474BuildTests
{
    [Fact]
    public void Builds_for_the_cortex_m4f_validates_and_flashes_onto_the_virtual_g474()
    {
        using var sample = SampleCopy.Of("Blinky.G474");
        sample.UseLoggingToolchain();
        var state = sample.File("g474.state");
        var run = sample.Build("Blinky.G474.proj", "-t:Build;Flash", $"-p:Stm32SimStateFile={state}");
        Assert.True(run.ExitCode == 0, run.Output);

        var compile = Assert.Single(sample.ReadToolLog(), l => l.StartsWith("gcc Core/Src/main.c ", StringComparison.Ordinal));
        Assert.Contains("-mcpu=cortex-m4", compile, StringComparison.Ordinal);
        Assert.Contains("-mfpu=fpv4-sp-d16", compile, StringComparison.Ordinal);
        Assert.Contains("-mfloat-abi=hard", compile, StringComparison.Ordinal);
        Assert.Contains("validated Blinky.G474.elf for STM32G474RE: 0 error(s), 0 warning(s)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"FLASH\s+0x08000000\s+[\d.]+ (B|KB)\s+512 KB", run.Output);

        // The vector table starts the image: initial SP = end of SRAM1 + SRAM2 (0x20000000 + 96 KB, RM0440 2.2), and
        // 16 + 102 vectors (RM0440 NVIC vector table).
        var image = File.ReadAllBytes(sample.File("bin", "Debug", "Blinky.G474.bin"));
        Assert.Equal(0x20018000u, BinaryPrimitives.ReadUInt32LittleEndian(image));
        Assert.True(image.Length > 4 * (16 + 102), $"{image.Length} bytes");
        Assert.Contains("flashed STM32G474RE: 1 sector(s) erased", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify passed, boot confirmed, delay guard passed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", run.Output, StringComparison.Ordinal);
    }
}
