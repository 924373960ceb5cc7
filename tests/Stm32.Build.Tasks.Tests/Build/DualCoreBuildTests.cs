using System.Text.Json;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>The dual-core sample builds both cores and hands two images, with their cores, to later targets.</summary>
[Trait("Requires", "gcc")]
public class DualCoreBuildTests
{
    [Fact]
    public void Builds_two_images_with_their_cores()
    {
        using var sample = SampleCopy.Of("DualCore.H747");
        var run = sample.Build("DualCore.H747.proj", "-getTargetResult:Build");
        Assert.True(run.ExitCode == 0, run.Output);
        var json = run.Output[run.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("TargetResults").GetProperty("Build").GetProperty("Items").EnumerateArray()
            .Select(i => (Core: i.GetProperty("Core").GetString(), Elf: i.GetProperty("FullPath").GetString()!, Device: i.GetProperty("Device").GetString()))
            .OrderBy(i => i.Core, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["CM4", "CM7"], items.Select(i => i.Core));
        Assert.All(items, i => Assert.Equal("STM32H747XI", i.Device));
        Assert.Equal(sample.File("CM4", "bin", "Debug", "DualCore.H747_CM4.elf"), items[0].Elf);
        Assert.Equal(sample.File("CM7", "bin", "Debug", "DualCore.H747_CM7.elf"), items[1].Elf);

        // Each image starts where its core boots: CM7 from bank 1, CM4 from bank 2 (RM0399 memory map).
        var cm7 = Stm32.Build.Tasks.Size.ElfSections.Read(File.ReadAllBytes(items[1].Elf));
        var cm4 = Stm32.Build.Tasks.Size.ElfSections.Read(File.ReadAllBytes(items[0].Elf));
        Assert.Equal(0x08000000u, cm7.Single(s => s.Name == ".isr_vector").Address);
        Assert.Equal(0x08100000u, cm4.Single(s => s.Name == ".isr_vector").Address);
        // The shared source comes in through the linked resource "Common" of each core's .project.
        Assert.True(File.Exists(sample.File("CM4", "obj", "Debug", "stm32", "Common", "Src", "shared.o")));
    }
}
