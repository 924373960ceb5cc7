using Stm32.Build.Tasks.CubeIde;
using Stm32.Build.Tasks.Gcc;
using static Stm32.Build.Tasks.Tests.CubeIde.CubeIdeFixtures;

namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>
/// A CubeIDE project using libraries, library paths, extra flags, printf float, C++, linked resources and
/// source-entry exclusions: the options CubeIDE turns into -l, -L, -u _printf_float and extra words.
/// </summary>
public class CubeIdeImportTests
{
    private static string Write(TempDirectory dir)
    {
        dir.Write(Path.Combine("App", ".project"), EclipseProject("App_CM7", cxx: true,
            ("Common", 2, "PARENT-1-PROJECT_LOC/Common"),
            ("Drivers/hal_gpio.c", 1, "PARENT-1-PROJECT_LOC/Drivers/Src/hal_gpio.c")));
        string[] chain =
        [
            Option("option.target_mcu", "STM32H747XIHx"),
            Option("option.target_cpuid", "0"),
            Option("option.fpu", "com.st.stm32cube.ide.mcu.gnu.managedbuild.option.fpu.value.fpv5-d16", "enumerated"),
            Option("option.floatabi", "com.st.stm32cube.ide.mcu.gnu.managedbuild.option.floatabi.value.hard", "enumerated"),
        ];
        string[] tools =
        [
            Tool("tool.assembler", Option("tool.assembler.option.debuglevel", "com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.assembler.option.debuglevel.value.g3", "enumerated")),
            Tool("tool.c.compiler",
                Option("tool.c.compiler.option.debuglevel", "com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.c.compiler.option.debuglevel.value.g3", "enumerated"),
                Option("tool.c.compiler.option.optimization.level", "com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.c.compiler.option.optimization.level.value.og", "enumerated"),
                Option("tool.c.compiler.option.languagestandard", "com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.c.compiler.option.languagestandard.value.gnu18", "enumerated"),
                ListOption("tool.c.compiler.option.definedsymbols", "definedSymbols", "DEBUG", "CORE_CM7", "HSE_VALUE=25000000"),
                ListOption("tool.c.compiler.option.includepaths", "includePath", "../Core/Inc", "\"${workspace_loc:/${ProjName}/Common/Inc}\""),
                ListOption("tool.c.compiler.option.otherflags", "stringList", "-fno-common -Wextra")),
            Tool("tool.cpp.compiler",
                Option("tool.cpp.compiler.option.debuglevel", "com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.cpp.compiler.option.debuglevel.value.g3", "enumerated"),
                ListOption("tool.cpp.compiler.option.definedsymbols", "definedSymbols", "DEBUG", "CPP_ONLY")),
            Tool("tool.c.linker",
                Option("tool.c.linker.option.script", "${workspace_loc:/${ProjName}/App_FLASH.ld}"),
                ListOption("tool.c.linker.option.libraries", "libs", "arm_cortexM7lfdp_math", ":libextra.a"),
                ListOption("tool.c.linker.option.directories", "libPaths", "../Lib"),
                ListOption("tool.c.linker.option.otherflags", "stringList", "-Wl,--print-memory-usage"),
                Option("tool.c.linker.option.nanoprintffloat", "true", "boolean")),
        ];
        var entries = "<entry excluding=\"Src/skip_me.c|Legacy\" flags=\"VALUE_WORKSPACE_PATH|RESOLVED\" kind=\"sourcePath\" name=\"Core\"/>"
            + "<entry flags=\"VALUE_WORKSPACE_PATH|RESOLVED\" kind=\"sourcePath\" name=\"Common\"/>"
            + "<entry flags=\"VALUE_WORKSPACE_PATH|RESOLVED\" kind=\"sourcePath\" name=\"Drivers\"/>";
        var file = dir.Write(Path.Combine("App", ".cproject"), CProject(Configuration("debug", "Debug", chain, tools, entries)));
        foreach (var f in new[] { "App/Core/Src/main.cpp", "App/Core/Src/util.c", "App/Core/Src/skip_me.c", "App/Core/Legacy/old.c",
                     "App/Core/Startup/startup.s", "App/Other/not_a_source_entry.c", "App/Debug/Core/Src/generated.c", "Common/Src/shared.c", "Drivers/Src/hal_gpio.c", "Drivers/Src/hal_uart.c" })
        {
            dir.Write(f, "/* test */\n");
        }
        return file;
    }

    [Fact]
    public void Options_become_the_flags_CubeIDE_passes()
    {
        using var dir = new TempDirectory();
        var config = CProjectReader.Read(Write(dir), "Debug", "App_CM7");
        var s = config.Settings;
        Assert.Equal(("gnu18", "-Og", "-O0"), (s.CStandard, s.Optimization, s.CxxOptimization));
        Assert.Equal(["DEBUG", "CORE_CM7", "HSE_VALUE=25000000"], s.CDefines);
        Assert.Equal(["DEBUG", "CPP_ONLY"], s.CxxDefines);
        Assert.Equal(["DEBUG"], s.AssemblerDefines);
        Assert.Equal([dir.Combine("App", "Core", "Inc"), dir.Combine("App", "Common", "Inc")], s.CIncludePaths);
        Assert.Equal(["-fno-common", "-Wextra"], s.COtherFlags);

        var builder = new GccCommandLineBuilder(s, config.BuildDirectory);
        var link = builder.LinkArguments(cxx: true, Path.Combine(config.BuildDirectory, "App_CM7.elf"), Path.Combine(config.BuildDirectory, "objects.list"), Path.Combine(config.BuildDirectory, "App_CM7.map"));
        var expected = ShellWords.Split("-o \"App_CM7.elf\" @\"objects.list\" -larm_cortexM7lfdp_math -l:libextra.a -mcpu=cortex-m7 -T\"../App_FLASH.ld\" --specs=nosys.specs -Wl,-Map=\"App_CM7.map\" -Wl,--gc-sections -static -L../Lib -Wl,--print-memory-usage --specs=nano.specs -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb -u _printf_float -Wl,--start-group -lc -lm -lstdc++ -lsupc++ -Wl,--end-group");
        Assert.Equal(expected, link);

        var cxx = builder.CompileFlags(SourceLanguage.Cxx);
        Assert.Equal(ShellWords.Split("-mcpu=cortex-m7 -std=gnu++14 -g3 -DDEBUG -DCPP_ONLY -c -I../Core/Inc -I../Common/Inc -O0 -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-use-cxa-atexit -Wall -fstack-usage -fcyclomatic-complexity"), cxx);
    }

    [Fact]
    public void Sources_come_from_source_entries_and_linked_resources_minus_exclusions()
    {
        using var dir = new TempDirectory();
        var config = CProjectReader.Read(Write(dir), "Debug", "App_CM7");
        var project = Stm32.Build.Tasks.CubeIde.EclipseProject.Read(dir.Combine("App", ".project"));
        Assert.True(project.IsCxx);
        var sources = CubeIdeSourceCollector.Collect(project, config);
        Assert.Equal(
            [
                ("Common/Src/shared.c", dir.Combine("Common", "Src", "shared.c")),
                ("Core/Src/main.cpp", dir.Combine("App", "Core", "Src", "main.cpp")),
                ("Core/Src/util.c", dir.Combine("App", "Core", "Src", "util.c")),
                ("Core/Startup/startup.s", dir.Combine("App", "Core", "Startup", "startup.s")),
                ("Drivers/hal_gpio.c", dir.Combine("Drivers", "Src", "hal_gpio.c")),
            ],
            sources.Select(s => (s.VirtualPath, s.FullPath)));
    }

    [Theory]
    [InlineData("Src/skip_me.c", "Src/skip_me.c", true)]
    [InlineData("Src/keep.c", "Src/skip_me.c", false)]
    [InlineData("Legacy/a/b.c", "Legacy", true)]
    [InlineData("Src/x_test.c", "Src/*_test.c", true)]
    [InlineData("Src/deep/x_test.c", "Src/*_test.c", false)]
    [InlineData("Src/deep/x_test.c", "Src/**/*_test.c", true)]
    public void Exclusion_patterns(string path, string pattern, bool excluded)
    {
        Assert.Equal(excluded, GlobMatcher.IsExcluded(path, pattern));
    }

    [Theory]
    [InlineData("PARENT-1-PROJECT_LOC/Drivers", "/ws/Drivers")]
    [InlineData("PARENT-2-PROJECT_LOC/x/y.c", "/x/y.c")]
    [InlineData("PROJECT_LOC/Core", "/ws/App/Core")]
    [InlineData("WORKSPACE_LOC/Shared", "/ws/Shared")]
    public void Linked_resource_locations(string location, string expected)
    {
        Assert.Equal(Path.GetFullPath(expected), Stm32.Build.Tasks.CubeIde.EclipseProject.ResolveLocation(location, Path.GetFullPath("/ws/App")));
    }
}
