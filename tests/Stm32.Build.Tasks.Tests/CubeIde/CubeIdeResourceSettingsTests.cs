using Stm32.Build.Tasks.CubeIde;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>A folder's and a file's own compile settings (folderInfo/fileInfo) apply to the sources they cover.</summary>
public class CubeIdeResourceSettingsTests
{
    private const string C = "com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.c.compiler.option.";

    private static CubeIdeConfiguration Import(TempDirectory dir, out string projectDir)
    {
        var p = new RealCProject { Mcu = "STM32F407VGTx", Fpu = "fpv4-sp-d16", FloatAbi = "hard" };
        p.AddFolder("Drivers", p.ChildCompiler(p.ChildOpt(C + "optimization.level", RealCProject.Enum("tool.c.compiler.option.optimization.level", "o3"))));
        p.AddFolder("Drivers/CMSIS", p.ChildCompiler(p.ChildOpt(C + "debuglevel", RealCProject.Enum("tool.c.compiler.option.debuglevel", "g0"))));
        p.AddFile("Core/Src/main.c", p.ChildCompiler(
            p.ChildOpt(C + "optimization.level", RealCProject.Enum("tool.c.compiler.option.optimization.level", "os")),
            p.ChildListOpt(C + "definedsymbols", "definedSymbols", "DEBUG", "MAIN_ONLY=1"),
            p.ChildListOpt(C + "includepaths", "includePath", "../Core/Inc", "../Core/Private"),
            p.ChildOpt("com.st.stm32cube.ide.mcu.gnu.managedbuild.tool.c.compiler.option.fstack_protector", "true", "boolean")));
        var file = dir.Write(Path.Combine("App", ".cproject"), p.ToString());
        projectDir = Path.GetDirectoryName(file)!;
        return CProjectReader.Read(file, "Debug", "App");
    }

    [Fact]
    public void A_file_s_settings_override_its_folder_s_and_the_project_s()
    {
        using var dir = new TempDirectory();
        var config = Import(dir, out var projectDir);
        Assert.Equal(3, config.Resources.Count);

        var main = CubeIdeResourceSettings.Effective(config.Resources, "Core/Src/main.c", SourceLanguage.C);
        Assert.Equal("-Os", main.Optimization);
        Assert.Equal(["DEBUG", "MAIN_ONLY=1"], main.Defines);
        Assert.Equal([Path.Combine(projectDir, "Core", "Inc"), Path.Combine(projectDir, "Core", "Private")], main.IncludePaths);
        var settings = CubeIdeResourceSettings.Apply(config.Settings, main, SourceLanguage.C);
        Assert.Equal("-Os", settings.Optimization);
        Assert.Equal("-O0", config.Settings.Optimization);
        Assert.Contains("-DMAIN_ONLY=1", new GccCommandLineBuilder(settings, projectDir).CompileFlags(SourceLanguage.C));

        // Nested folders: the outer folder's optimization and the inner folder's debug level.
        var cmsis = CubeIdeResourceSettings.Effective(config.Resources, "Drivers/CMSIS/system.c", SourceLanguage.C);
        Assert.Equal(("-O3", ""), (cmsis.Optimization, cmsis.DebugLevel));
        var hal = CubeIdeResourceSettings.Effective(config.Resources, "Drivers/HAL/gpio.c", SourceLanguage.C);
        Assert.Equal(("-O3", (string?)null), (hal.Optimization, hal.DebugLevel));
        // A sibling of the file and a folder whose name only starts like one are not covered.
        Assert.True(CubeIdeResourceSettings.Effective(config.Resources, "Core/Src/other.c", SourceLanguage.C).IsEmpty);
        Assert.True(CubeIdeResourceSettings.Effective(config.Resources, "DriversExtra/x.c", SourceLanguage.C).IsEmpty);
        // The C++ and assembler tools of the file say nothing: C++ and assembler sources keep the project's.
        Assert.True(CubeIdeResourceSettings.Effective(config.Resources, "Core/Src/main.c", SourceLanguage.Assembler).IsEmpty);
    }

    [Fact]
    public void An_option_of_a_file_the_importer_does_not_apply_is_reported()
    {
        using var dir = new TempDirectory();
        var config = Import(dir, out _);
        var (id, value, _) = Assert.Single(config.UntranslatedOptions);
        Assert.Equal(C + "fstack_protector", id);
        Assert.Equal("true", value);
    }
}
