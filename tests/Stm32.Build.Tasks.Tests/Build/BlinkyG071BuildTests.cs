using System.Buffers.Binary;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>
/// `dotnet build` of the Blinky.G071 sample (a CubeIDE-layout project without .cproject) from source: compiled for
/// the STM32G071's Cortex-M0+ (cortex-m0plus, soft float), the image validates for the part, and the Flash target
/// programs, verifies and boot-confirms it on a blank virtual STM32G071 (whose empty-check flag is set).
/// </summary>
[Trait("Requires", "gcc")]
public class BlinkyG071BuildTests
{
    [Fact]
    public void Builds_for_the_cortex_m0plus_validates_and_flashes_onto_the_virtual_g071()
    {
        using var sample = SampleCopy.Of("Blinky.G071");
        sample.UseLoggingToolchain();
        var state = sample.File("g071.state");
        var run = sample.Build("Blinky.G071.proj", "-t:Build;Flash", $"-p:Stm32SimStateFile={state}");
        Assert.True(run.ExitCode == 0, run.Output);

        var compile = Assert.Single(sample.ReadToolLog(), l => l.StartsWith("gcc Core/Src/main.c ", StringComparison.Ordinal));
        Assert.Contains("-mcpu=cortex-m0plus", compile, StringComparison.Ordinal);
        Assert.DoesNotContain("-mfloat-abi=hard", compile, StringComparison.Ordinal);
        Assert.Contains("validated Blinky.G071.elf for STM32G071RB: 0 error(s), 0 warning(s)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"FLASH\s+0x08000000\s+[\d.]+ (B|KB)\s+128 KB", run.Output);

        // The vector table starts the image: initial SP = end of the SRAM (0x20000000 + 36 KB, RM0444 2.2).
        var image = File.ReadAllBytes(sample.File("bin", "Debug", "Blinky.G071.bin"));
        Assert.Equal(0x20009000u, BinaryPrimitives.ReadUInt32LittleEndian(image));
        Assert.Contains("flashed STM32G071RB: 1 sector(s) erased", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify passed, boot confirmed, delay guard passed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", run.Output, StringComparison.Ordinal);
    }
}
