using Stm32.Build.Tasks.Tests.Build;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>
/// An STM32F103 (Cortex-M3, no FPU) CubeIDE project built end to end with `dotnet build` and arm-none-eabi-gcc:
/// compiled for the Cortex-M3 with soft float (not for a Cortex-M7), a file's own optimization applied, the
/// pre-build and post-build steps run in the ELF's folder with CubeIDE's variables expanded, and a step that only
/// CubeIDE could run reported by name.
/// </summary>
[Trait("Requires", "gcc")]
public class CubeIdeImportBuildTests
{
    private const string LinkerScript = """
        ENTRY(Reset_Handler)
        _estack = ORIGIN(RAM) + LENGTH(RAM);
        MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 64K  RAM (xrw) : ORIGIN = 0x20000000, LENGTH = 20K }
        SECTIONS
        {
          .isr_vector : { KEEP(*(.isr_vector)) } >FLASH
          .text : { *(.text*) *(.rodata*) . = ALIGN(4); } >FLASH
          _sidata = LOADADDR(.data);
          .data : { _sdata = .; *(.data*) . = ALIGN(4); _edata = .; } >RAM AT> FLASH
          .bss : { _sbss = .; __bss_start__ = .; *(.bss*) *(COMMON) . = ALIGN(4); _ebss = .; __bss_end__ = .; } >RAM
          end = .; _end = .;
        }
        """;

    private const string Main = """
        extern unsigned long _estack;
        volatile unsigned counter;
        int main(void) { for (;;) { counter++; } }
        void Reset_Handler(void) { main(); }
        __attribute__((section(".isr_vector"), used)) const void *const vectors[] = { &_estack, (const void *)Reset_Handler };
        """;

    [Fact]
    public void An_F103_project_builds_for_the_Cortex_M3_with_its_file_settings_and_build_steps()
    {
        ArmToolchain.Require();
        using var dir = new TempDirectory();
        var p = new RealCProject
        {
            Mcu = "STM32F103C8Tx",
            PreBuild = "echo ${ProjName} ${ConfigName} > prebuild.txt",
            PostBuild = "arm-none-eabi-objcopy -O binary \"${BuildArtifactFileName}\" \"${BuildArtifactFileBaseName}-post.bin\"\n"
                + "\"${gnu_tools_for_stm32_compiler_path}/arm-none-eabi-size\" ${BuildArtifactFileName}",
        };
        const string c = "com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.c.compiler.option.";
        p.AddFile("Core/Src/main.c", p.ChildCompiler(p.ChildOpt(c + "optimization.level", RealCProject.Enum("tool.c.compiler.option.optimization.level", "o2"))));
        dir.Write(Path.Combine("F103", ".cproject"), p.ToString());
        dir.Write(Path.Combine("F103", ".project"), CubeIdeFixtures.EclipseProject("F103App", cxx: false));
        dir.Write(Path.Combine("F103", "App_FLASH.ld"), LinkerScript);
        dir.Write(Path.Combine("F103", "Core", "Src", "main.c"), Main);
        dir.Write(Path.Combine("F103", "Core", "Src", "util.c"), "int twice(int x) { return 2 * x; }\n");
        dir.Write(Path.Combine("F103", "Core", "Inc", "placeholder.h"), "\n");
        var build = RepositoryPaths.Combine("build");
        var project = dir.Write(Path.Combine("F103", "F103.proj"), $"""
            <Project DefaultTargets="Build">
              <Import Project="{build}/Stm32.Build.props" />
              <Import Project="{build}/Stm32.Build.targets" />
            </Project>
            """);

        var run = SampleCopy.Dotnet(["build", project, "-nr:false", "-v:n", "-p:Stm32TasksAssembly=" + Path.Combine(AppContext.BaseDirectory, "Stm32.Build.Tasks.dll")]);
        Assert.True(run.ExitCode == 0, run.Output);

        var compiles = run.Output.Split('\n').Where(l => l.Contains("arm-none-eabi-gcc", StringComparison.Ordinal) && l.Contains(" -c ", StringComparison.Ordinal)).ToList();
        var main = Assert.Single(compiles, l => l.Contains("main.c", StringComparison.Ordinal));
        var util = Assert.Single(compiles, l => l.Contains("util.c", StringComparison.Ordinal));
        foreach (var line in compiles)
        {
            Assert.Contains("-mcpu=cortex-m3", line, StringComparison.Ordinal);
            Assert.Contains("-mfloat-abi=soft", line, StringComparison.Ordinal);
            Assert.DoesNotContain("-mfpu", line, StringComparison.Ordinal);
        }
        Assert.Contains(" -O2 ", main, StringComparison.Ordinal);
        Assert.Contains(" -O0 ", util, StringComparison.Ordinal);

        var output = dir.Combine("F103", "bin", "Debug");
        Assert.Equal("F103App Debug", File.ReadAllText(Path.Combine(output, "prebuild.txt")).Trim());
        // The post-build step's binary is objcopy's of the ELF the build linked: the same bytes the build's own .bin has.
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "F103App.bin")), File.ReadAllBytes(Path.Combine(output, "F103App-post.bin")));
        Assert.Contains("warning STM6404", run.Output, StringComparison.Ordinal);
        Assert.Contains("${gnu_tools_for_stm32_compiler_path}", run.Output, StringComparison.Ordinal);
    }
}
