using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// A convention build (Stm32Device, no .cproject) with the package compiles for the device's own core: the STM32F407
/// family program of tests/firmware/f4 (a Cortex-M4F, RM0090) built in a fresh project is compiled with
/// <c>-mcpu=cortex-m4</c> and carries ARMv7E-M with FPv4-SP in its ARM build attributes (<c>arm-none-eabi-readelf
/// -A</c>: Tag_CPU_name, Tag_FP_arch), not the Cortex-M7's FPv5 a default CPU would give.
/// </summary>
[Trait("Requires", "gcc")]
[Collection(PackedFeedCollection.Name)]
public class ConventionBuildCpuTests(PackedFeed feed)
{
    [Fact]
    public void An_F407_program_built_by_convention_is_compiled_for_the_Cortex_M4F()
    {
        ArmToolchain.Require();
        var firmware = RepositoryPaths.Combine("tests", "firmware");
        string Source(string path) => Path.Combine(firmware, path).Replace('\\', '/');
        string[] sources = ["common/startup.S", "common/vectors.c", "common/hal_tick.c", "common/exceptions.c", "common/libc_min.c",
            "common/main_family.c", "common/gpio_v2.c", "common/uart_v1.c", "f4/board.c"];
        var directory = feed.NewProject("convention-f407", $"""
                <Stm32Device>STM32F407VG</Stm32Device>
                <Stm32EnableDefaultSourceItems>false</Stm32EnableDefaultSourceItems>
                <Stm32LinkerScript>{Source("f4/f407.ld")}</Stm32LinkerScript>
                <Stm32LinkFlags>-nostartfiles;-L{Source("common")}</Stm32LinkFlags>
                <Stm32ValidateAfterLink>false</Stm32ValidateAfterLink>
            """, string.Join('\n', sources.Select(s => $"""    <Stm32Source Include="{Source(s)}" />""")) + $"""

                <Stm32IncludePath Include="{Source("common")};{Source("f4")}" />
                <Stm32Define Include="PART_F407" />
                <Stm32AssemblerDefine Include="PART_F407" />
            """);

        var build = ProcessRunner.Dotnet(directory, feed.Environment(), TimeSpan.FromMinutes(4), "build", "-nologo", "-nodeReuse:false", "-tl:off", "-v:n");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("-mcpu=cortex-m4", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("-mcpu=cortex-m7", build.Output, StringComparison.Ordinal);
        var elf = Assert.Single(Directory.GetFiles(directory, "App.elf", SearchOption.AllDirectories));
        var attributes = ReadElfAttributes(elf);
        // gcc names both the Cortex-M4 and the M7 "7E-M" (ARMv7E-M); the FPU tells them apart: FPv4-SP (VFPv4-D16,
        // single precision only) on the M4F, FPv5 (FPv5/FP-D16) on the M7 a default CPU would give.
        Assert.Contains("Tag_CPU_name: \"7E-M\"", attributes, StringComparison.Ordinal);
        Assert.Contains("Tag_CPU_arch: v7E-M", attributes, StringComparison.Ordinal);
        Assert.Contains("Tag_FP_arch: VFPv4-D16", attributes, StringComparison.Ordinal);
        Assert.Contains("Tag_ABI_HardFP_use: SP only", attributes, StringComparison.Ordinal);
        Assert.Contains("Tag_ABI_VFP_args: VFP registers", attributes, StringComparison.Ordinal);
    }

    /// <summary><c>arm-none-eabi-readelf -A</c>, found beside the toolchain's objdump.</summary>
    private static string ReadElfAttributes(string elf)
    {
        var objdump = ArmToolchain.Objdump;
        var readelf = Path.Combine(Path.GetDirectoryName(objdump)!, Path.GetFileName(objdump).Replace("objdump", "readelf", StringComparison.Ordinal));
        var result = ProcessRunner.Run(ProcessRunner.StartInfo(readelf, ["-A", elf], Path.GetDirectoryName(elf)!), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }
}
