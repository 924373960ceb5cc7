using System.Buffers.Binary;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>
/// `dotnet build` of the Blinky.F746 sample (a CubeIDE-layout project without .cproject) from source: compiled for
/// the STM32F746's Cortex-M7 with its single-precision FPU (cortex-m7, fpv5-sp-d16, hard float), the image validates
/// for the part, and the Flash target programs, verifies and boot-confirms it on the virtual STM32F746.
/// </summary>
[Trait("Requires", "gcc")]
public class BlinkyF746BuildTests
{
    [Fact]
    public void Builds_for_the_cortex_m7_validates_and_flashes_onto_the_virtual_f746()
    {
        using var sample = SampleCopy.Of("Blinky.F746");
        sample.UseLoggingToolchain();
        var state = sample.File("f746.state");
        var run = sample.Build("Blinky.F746.proj", "-t:Build;Flash", $"-p:Stm32SimStateFile={state}");
        Assert.True(run.ExitCode == 0, run.Output);

        var compile = Assert.Single(sample.ReadToolLog(), l => l.StartsWith("gcc Core/Src/main.c ", StringComparison.Ordinal));
        Assert.Contains("-mcpu=cortex-m7", compile, StringComparison.Ordinal);
        Assert.Contains("-mfpu=fpv5-sp-d16", compile, StringComparison.Ordinal);
        Assert.Contains("-mfloat-abi=hard", compile, StringComparison.Ordinal);
        Assert.Contains("validated Blinky.F746.elf for STM32F746ZG: 0 error(s), 0 warning(s)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"FLASH\s+0x08000000\s+[\d.]+ (B|KB)\s+1 MB", run.Output);

        // The vector table starts the image: initial SP = end of DTCM + SRAM1 + SRAM2 (0x20000000 + 320 KB, RM0385 2.2).
        var image = File.ReadAllBytes(sample.File("bin", "Debug", "Blinky.F746.bin"));
        Assert.Equal(0x20050000u, BinaryPrimitives.ReadUInt32LittleEndian(image));
        Assert.Contains("flashed STM32F746ZG: 1 sector(s) erased", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify passed, boot confirmed, delay guard passed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", run.Output, StringComparison.Ordinal);
    }
}
