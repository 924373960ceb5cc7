using System.Buffers.Binary;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>
/// `dotnet build` of the Blinky.F103 sample (a CubeIDE-layout project without .cproject) from source: compiled for
/// the STM32F103's Cortex-M3 (cortex-m3, no FPU, soft float), the image validates for the part, and the Flash target
/// programs, verifies and boot-confirms it on the virtual STM32F103 with the proven F1 driver.
/// </summary>
[Trait("Requires", "gcc")]
public class BlinkyF103BuildTests
{
    [Fact]
    public void Builds_for_the_cortex_m3_validates_and_flashes_onto_the_virtual_f103()
    {
        using var sample = SampleCopy.Of("Blinky.F103");
        sample.UseLoggingToolchain();
        var state = sample.File("f103.state");
        var run = sample.Build("Blinky.F103.proj", "-t:Build;Flash", $"-p:Stm32SimStateFile={state}");
        Assert.True(run.ExitCode == 0, run.Output);

        var compile = Assert.Single(sample.ReadToolLog(), l => l.StartsWith("gcc Core/Src/main.c ", StringComparison.Ordinal));
        Assert.Contains("-mcpu=cortex-m3", compile, StringComparison.Ordinal);
        Assert.DoesNotContain("-mfpu", compile, StringComparison.Ordinal);
        Assert.DoesNotContain("-mfloat-abi=hard", compile, StringComparison.Ordinal);
        Assert.Contains("validated Blinky.F103.elf for STM32F103RB: 0 error(s), 0 warning(s)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"FLASH\s+0x08000000\s+[\d.]+ (B|KB)\s+128 KB", run.Output);

        // The vector table starts the image: initial SP = end of the 20 KB SRAM (0x20000000 + 20 KB, RM0008 3.3).
        var image = File.ReadAllBytes(sample.File("bin", "Debug", "Blinky.F103.bin"));
        Assert.Equal(0x20005000u, BinaryPrimitives.ReadUInt32LittleEndian(image));
        Assert.Contains("flashed STM32F103RB: 1 sector(s) erased", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify passed, boot confirmed, delay guard passed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("STM4802", run.Output, StringComparison.Ordinal);
    }
}
