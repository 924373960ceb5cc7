using System.Buffers.Binary;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>
/// `dotnet build` of the Blinky.L476 sample (a CubeIDE-layout project without .cproject) from source: compiled for
/// the STM32L476's Cortex-M4F (cortex-m4, fpv4-sp-d16, hard float), the image validates for the part, and the Flash
/// target programs, verifies and boot-confirms it on the virtual STM32L476.
/// </summary>
[Trait("Requires", "gcc")]
public class BlinkyL476BuildTests
{
    [Fact]
    public void Builds_for_the_cortex_m4f_validates_and_flashes_onto_the_virtual_l476()
    {
        using var sample = SampleCopy.Of("Blinky.L476");
        sample.UseLoggingToolchain();
        var state = sample.File("l476.state");
        var run = sample.Build("Blinky.L476.proj", "-t:Build;Flash", $"-p:Stm32SimStateFile={state}");
        Assert.True(run.ExitCode == 0, run.Output);

        var compile = Assert.Single(sample.ReadToolLog(), l => l.StartsWith("gcc Core/Src/main.c ", StringComparison.Ordinal));
        Assert.Contains("-mcpu=cortex-m4", compile, StringComparison.Ordinal);
        Assert.Contains("-mfpu=fpv4-sp-d16", compile, StringComparison.Ordinal);
        Assert.Contains("-mfloat-abi=hard", compile, StringComparison.Ordinal);
        Assert.Contains("validated Blinky.L476.elf for STM32L476RG: 0 error(s), 0 warning(s)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"FLASH\s+0x08000000\s+[\d.]+ (B|KB)\s+1 MB", run.Output);

        // The vector table starts the image: initial SP = end of SRAM1 (0x20000000 + 96 KB, RM0351 2.2).
        var image = File.ReadAllBytes(sample.File("bin", "Debug", "Blinky.L476.bin"));
        Assert.Equal(0x20018000u, BinaryPrimitives.ReadUInt32LittleEndian(image));
        Assert.Contains("flashed STM32L476RG: 1 sector(s) erased", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify passed, boot confirmed, delay guard passed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", run.Output, StringComparison.Ordinal);
    }
}
