using Stm32.Build.Tasks.CubeIde;

namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>Pre-build and post-build steps: CubeIDE's variables expanded, and steps that cannot run here named with the reason.</summary>
public class CubeIdeBuildStepsTests
{
    [Fact]
    public void Steps_are_split_into_commands_with_CubeIDE_s_variables_expanded()
    {
        var p = new RealCProject
        {
            Mcu = "STM32G071RBTx",
            PreBuild = "echo ${ProjName} ${ConfigName} > prebuild.txt",
            PostBuild = "arm-none-eabi-objcopy -O binary \"${BuildArtifactFileName}\" \"${BuildArtifactFileBaseName}.bin\"\n"
                + "cp \"${BuildArtifactFileBaseName}.bin\" \"${workspace_loc:/${ProjName}/out}/${ConfigName}.bin\"\n"
                + "\"${gnu_tools_for_stm32_compiler_path}/arm-none-eabi-size\" ${BuildArtifactFileName}\n"
                + "post_build.bat ${ProjDirPath}",
        };
        using var dir = new TempDirectory();
        var file = dir.Write(Path.Combine("App", ".cproject"), p.ToString());
        var project = Path.GetDirectoryName(file)!;
        var output = Path.Combine(project, "bin", "Debug");
        var config = CProjectReader.Read(file, "Debug", "Blinky", outputDirectory: output);

        var steps = config.BuildSteps;
        Assert.Equal(["pre-build", "post-build", "post-build", "post-build", "post-build"], steps.Select(s => s.Kind));
        Assert.Equal("echo Blinky Debug > prebuild.txt", steps[0].Command);
        Assert.Equal("arm-none-eabi-objcopy -O binary \"Blinky.elf\" \"Blinky.bin\"", steps[1].Command);
        Assert.Equal($"cp \"Blinky.bin\" \"{Path.Combine(project, "out")}/Debug.bin\"", steps[2].Command);
        Assert.Null(steps[3].Command);
        Assert.Contains("${gnu_tools_for_stm32_compiler_path}", steps[3].Problem, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Null(steps[4].Command);
            Assert.Contains("Windows", steps[4].Problem, StringComparison.Ordinal);
        }
        Assert.All(steps, s => Assert.True(s.Line > 0));
    }
}
