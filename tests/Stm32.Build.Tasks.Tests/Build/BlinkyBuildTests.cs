using System.Buffers.Binary;
using Stm32.Build.Tasks.Size;

namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>`dotnet build` of the Blinky sample (a CubeIDE-layout project) through build/Stm32.Build.targets.</summary>
[Trait("Requires", "gcc")]
public class BlinkyBuildTests
{
    [Fact]
    public void Builds_elf_hex_bin_map_and_prints_the_region_table()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        var bin = sample.File("bin", "Debug", "Blinky.H747");
        foreach (var ext in new[] { ".elf", ".hex", ".bin", ".map" })
        {
            Assert.True(File.Exists(bin + ext), bin + ext + " is missing\n" + run.Output);
        }
        Assert.False(File.Exists(bin + ".list"));
        Assert.Contains("validated Blinky.H747.elf for STM32H747XI: 0 error(s), 0 warning(s)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"FLASH\s+0x08000000\s+[\d.]+ KB\s+1 MB", run.Output);
        Assert.Matches(@"DTCMRAM\s+0x20000000\s+[\d.]+ KB\s+128 KB", run.Output);

        // The vector table starts the image: initial SP = end of DTCM (0x20000000 + 128 KB, from the linker
        // script), then the reset handler's address in flash with the Thumb bit set.
        var image = File.ReadAllBytes(bin + ".bin");
        Assert.Equal(0x20020000u, BinaryPrimitives.ReadUInt32LittleEndian(image));
        var reset = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(4));
        Assert.Equal(1u, reset & 1);
        Assert.InRange(reset, 0x08000000u, 0x08000000u + (uint)image.Length);
        var sections = ElfSections.Read(File.ReadAllBytes(bin + ".elf"));
        Assert.Equal(0x08000000u, Assert.Single(sections, s => s.Name == ".isr_vector").Address);
        Assert.StartsWith(":", File.ReadAllText(bin + ".hex"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_sdk_style_project_builds_the_firmware_after_its_own_build()
    {
        // Microsoft.Build.NoTargets: BuildingProject is false at evaluation in SDK projects; the firmware must
        // still build after the SDK's Build (and never in a design-time build).
        using var sample = SampleCopy.Of("Blinky.H747");
        File.WriteAllText(sample.File("Blinky.Sdk.csproj"), """
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <Stm32Device>STM32H747XI</Stm32Device>
                <Stm32Core>CM7</Stm32Core>
              </PropertyGroup>
            </Project>
            """);
        File.Delete(sample.File("Blinky.H747.proj"));
        var run = sample.Build("Blinky.Sdk.csproj");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("validated ", run.Output, StringComparison.Ordinal);
        var elf = Assert.Single(Directory.GetFiles(sample.File("bin"), "*.elf", SearchOption.AllDirectories));
        Assert.Equal(0x20020000u, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(Path.ChangeExtension(elf, ".bin"))));

        var designTime = sample.Build("Blinky.Sdk.csproj", "-p:DesignTimeBuild=true", "-p:Configuration=Release");
        Assert.True(designTime.ExitCode == 0, designTime.Output);
        Assert.DoesNotContain(Directory.GetFiles(sample.File("bin"), "*.elf", SearchOption.AllDirectories), f => f.Contains("Release", StringComparison.Ordinal));
    }

    [Fact]
    public void Release_configuration_and_list_file()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var run = sample.Build("Blinky.H747.proj", "-c", "Release", "-p:Stm32GenerateList=true");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.True(File.Exists(sample.File("bin", "Release", "Blinky.H747.elf")));
        Assert.Contains("Disassembly of section", File.ReadAllText(sample.File("bin", "Release", "Blinky.H747.list")), StringComparison.Ordinal);
        Assert.Contains("configuration 'Release'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_cproject_it_builds_by_convention()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        File.Delete(sample.File(".cproject"));
        File.Delete(sample.File(".project"));
        var run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("imported STM32CubeIDE project", run.Output, StringComparison.Ordinal);
        var objects = File.ReadAllLines(sample.File("obj", "Debug", "stm32", "objects.list"));
        Assert.Equal(
            ["\"obj/Debug/stm32/Core/Src/led.o\"", "\"obj/Debug/stm32/Core/Src/main.o\"", "\"obj/Debug/stm32/Core/Src/system.o\"", "\"obj/Debug/stm32/Core/Startup/startup_stm32h747xihx.o\""],
            objects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cxx_sources_compile_with_gxx_and_link_with_the_cxx_libraries()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        sample.UseLoggingToolchain();
        File.WriteAllText(sample.File("Core", "Src", "counter.cpp"),
            "class Counter { public: int next() { return ++value_; } private: int value_ = 0; };\n"
            + "extern \"C\" int counter_next(void) { static Counter c; return c.next(); }\n");
        var run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        var log = sample.ReadToolLog();
        var gxx = Assert.Single(log, l => l.StartsWith("g++ Core/Src/counter.cpp ", StringComparison.Ordinal));
        Assert.Contains(" -std=gnu++14 ", gxx, StringComparison.Ordinal);
        Assert.Contains(" -fno-exceptions -fno-rtti -fno-use-cxa-atexit ", gxx, StringComparison.Ordinal);
        var link = Assert.Single(log, l => l.StartsWith("g++ -o ", StringComparison.Ordinal));
        Assert.Contains("-Wl,--start-group -lc -lm -lstdc++ -lsupc++ -Wl,--end-group", link, StringComparison.Ordinal);
    }

    [Fact]
    public void Excluded_sources_are_left_out_of_an_imported_project()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        File.WriteAllText(sample.File("Core", "Src", "broken.c"), "#error this file must not be compiled\n");
        var project = sample.File("Blinky.H747.proj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</PropertyGroup>", "</PropertyGroup>\n  <ItemGroup><Stm32ExcludeSource Include=\"Core/Src/broken.c\" /></ItemGroup>", StringComparison.Ordinal));
        var run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("compiling 4 of 4 sources", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Design_time_builds_do_nothing()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var run = sample.Build("Blinky.H747.proj", "-p:DesignTimeBuild=true");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.False(Directory.Exists(sample.File("obj")));
        Assert.False(Directory.Exists(sample.File("bin")));
    }
}
