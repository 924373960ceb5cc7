using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.CubeIde;
using Stm32.Build.Tasks.Gcc;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>
/// The Blinky sample's .cproject (written by us in CubeIDE's format) must give the compile and link command
/// lines CubeIDE's generated makefiles run. The expected lines are written the way CubeIDE writes its
/// Debug/Core/Src/subdir.mk and Debug/makefile recipes (make variables expanded), from the public
/// CubeIDE-generated makefiles studied for this feature; the build directory is &lt;project&gt;/Debug.
/// </summary>
public class CProjectReaderTests
{
    private static readonly string Project = RepositoryPaths.Combine("samples", "Blinky.H747");
    private static string CProject => Path.Combine(Project, ".cproject");

    [Fact]
    public void Lists_both_configurations()
    {
        Assert.Equal(["Debug", "Release"], CProjectReader.ConfigurationNames(CProject));
    }

    [Theory]
    [InlineData("Debug",
        "arm-none-eabi-gcc \"../Core/Src/main.c\" -mcpu=cortex-m7 -std=gnu11 -g3 -DDEBUG -DCORE_CM7 -DSTM32H747xx -c -I../Core/Inc -O0 -ffunction-sections -fdata-sections -Wall -fstack-usage -fcyclomatic-complexity -MMD -MP -MF\"Core/Src/main.d\" -MT\"Core/Src/main.o\" --specs=nano.specs -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb -o \"Core/Src/main.o\"")]
    [InlineData("Release",
        "arm-none-eabi-gcc \"../Core/Src/main.c\" -mcpu=cortex-m7 -std=gnu11 -DCORE_CM7 -DSTM32H747xx -c -I../Core/Inc -Os -ffunction-sections -fdata-sections -Wall -fstack-usage -fcyclomatic-complexity -MMD -MP -MF\"Core/Src/main.d\" -MT\"Core/Src/main.o\" --specs=nano.specs -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb -o \"Core/Src/main.o\"")]
    public void C_compile_line_matches_CubeIDE(string configuration, string cubeIdeLine)
    {
        var config = CProjectReader.Read(CProject, configuration, "Blinky.H747");
        var builder = new GccCommandLineBuilder(config.Settings, config.BuildDirectory);
        var args = builder.CompileArguments(SourceLanguage.C,
            Path.Combine(Project, "Core", "Src", "main.c"),
            Path.Combine(config.BuildDirectory, "Core", "Src", "main.o"),
            Path.Combine(config.BuildDirectory, "Core", "Src", "main.d"));
        Assert.Equal(ShellWords.Split(cubeIdeLine).Skip(1), args);
    }

    [Theory]
    [InlineData("Debug",
        "arm-none-eabi-gcc -mcpu=cortex-m7 -g3 -DDEBUG -c -x assembler-with-cpp -MMD -MP -MF\"Core/Startup/startup_stm32h747xihx.d\" -MT\"Core/Startup/startup_stm32h747xihx.o\" --specs=nano.specs -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb -o \"Core/Startup/startup_stm32h747xihx.o\" \"../Core/Startup/startup_stm32h747xihx.s\"")]
    [InlineData("Release",
        "arm-none-eabi-gcc -mcpu=cortex-m7 -c -x assembler-with-cpp -MMD -MP -MF\"Core/Startup/startup_stm32h747xihx.d\" -MT\"Core/Startup/startup_stm32h747xihx.o\" --specs=nano.specs -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb -o \"Core/Startup/startup_stm32h747xihx.o\" \"../Core/Startup/startup_stm32h747xihx.s\"")]
    public void Assembler_line_matches_CubeIDE(string configuration, string cubeIdeLine)
    {
        var config = CProjectReader.Read(CProject, configuration, "Blinky.H747");
        var builder = new GccCommandLineBuilder(config.Settings, config.BuildDirectory);
        var obj = Path.Combine(config.BuildDirectory, "Core", "Startup", "startup_stm32h747xihx.o");
        var args = builder.CompileArguments(SourceLanguage.Assembler,
            Path.Combine(Project, "Core", "Startup", "startup_stm32h747xihx.s"), obj, Path.ChangeExtension(obj, ".d"));
        Assert.Equal(ShellWords.Split(cubeIdeLine).Skip(1), args);
    }

    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void Link_line_matches_CubeIDE(string configuration)
    {
        var cubeIdeLine = "arm-none-eabi-gcc -o \"Blinky.H747.elf\" @\"objects.list\" -mcpu=cortex-m7 -T\"../STM32H747XIHX_FLASH.ld\" --specs=nosys.specs -Wl,-Map=\"Blinky.H747.map\" -Wl,--gc-sections -static --specs=nano.specs -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb -Wl,--start-group -lc -lm -Wl,--end-group";
        var config = CProjectReader.Read(CProject, configuration, "Blinky.H747");
        var builder = new GccCommandLineBuilder(config.Settings, config.BuildDirectory);
        var dir = config.BuildDirectory;
        var args = builder.LinkArguments(false, Path.Combine(dir, config.ArtifactName + ".elf"), Path.Combine(dir, "objects.list"), Path.Combine(dir, config.ArtifactName + ".map"));
        Assert.Equal(ShellWords.Split(cubeIdeLine).Skip(1), args);
    }

    [Fact]
    public void Generic_toolchain_drops_only_the_ST_specific_option()
    {
        var config = CProjectReader.Read(CProject, "Debug", "Blinky.H747");
        var st = new GccCommandLineBuilder(config.Settings, config.BuildDirectory).CompileFlags(SourceLanguage.C);
        var generic = new GccCommandLineBuilder(config.Settings with { Flavor = ToolchainFlavor.Generic }, config.BuildDirectory).CompileFlags(SourceLanguage.C);
        Assert.Equal(st.Where(a => a != "-fcyclomatic-complexity"), generic);
        Assert.Contains("-fcyclomatic-complexity", st);
    }

    [Fact]
    public void Debug_and_release_differ_in_optimization_and_debug_level_only()
    {
        var debug = CProjectReader.Read(CProject, "Debug", "Blinky.H747");
        var release = CProjectReader.Read(CProject, "release", "Blinky.H747");
        Assert.True(debug.IsDebug);
        Assert.False(release.IsDebug);
        Assert.Equal(("-O0", "-g3"), (debug.Settings.Optimization, debug.Settings.DebugLevel));
        Assert.Equal(("-Os", ""), (release.Settings.Optimization, release.Settings.DebugLevel));
        Assert.Equal("STM32H747XIHx", debug.Mcu);
        Assert.Equal(Path.Combine(Project, "STM32H747XIHX_FLASH.ld"), debug.Settings.LinkerScript);
    }

    [Fact]
    public void Missing_configuration_is_a_coded_error_naming_the_ones_there()
    {
        var ex = Assert.Throws<Stm32Exception>(() => CProjectReader.Read(CProject, "Profile", "Blinky.H747"));
        Assert.Equal(DiagnosticCodes.CubeIdeConfigurationNotFound, ex.Code);
        Assert.Contains("Debug, Release", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_cproject_is_a_coded_error_with_its_line()
    {
        using var dir = new TempDirectory();
        var file = dir.Write(".cproject", "<?xml version=\"1.0\"?>\n<cproject>\n  <storageModule>\n</cproject>\n");
        var ex = Assert.Throws<Stm32Exception>(() => CProjectReader.Read(file, "Debug"));
        Assert.Equal(DiagnosticCodes.CubeIdeProjectInvalid, ex.Code);
        Assert.Equal(file, ex.Diagnostic.File);
        Assert.Equal(4, ex.Diagnostic.Line);
    }
}
