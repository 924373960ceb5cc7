using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// A project with two target frameworks (net8.0;net10.0) that references the package: `-t:Flash` works in its outer
/// build (no MSB4057) and flashes once, and Stm32FlashOnBuild=true flashes once per build, not once per framework.
/// </summary>
[Trait("Requires", "gcc")]
[Collection(PackedFeedCollection.Name)]
public class MultiTargetingTests(PackedFeed feed)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);

    private string NewProject(string name)
    {
        var directory = feed.NewProject(name, "    <Stm32Device>STM32H747XI</Stm32Device>", """    <Stm32Flash Include="app.elf" Core="CM7" />""");
        var csproj = Path.Combine(directory, "App.csproj");
        File.WriteAllText(csproj, Regex.Replace(File.ReadAllText(csproj), "<TargetFramework>[^<]*</TargetFramework>", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>"));
        File.Copy(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), Path.Combine(directory, "app.elf"));
        return directory;
    }

    private ProcessResult Build(string directory, params string[] arguments)
    {
        var environment = feed.Environment();
        environment[Stm32.Build.VirtualBoard.Driver.SimulatorState.DirectoryVariable] = Path.Combine(directory, "sim");
        return ProcessRunner.Dotnet(directory, environment, s_timeout, ["build", "-nologo", "-tl:off", "-p:Stm32Probe=sim", .. arguments]);
    }

    private static int Flashes(string output) => Regex.Matches(output, @"App -> flashed STM32H747XI: ").Count;

    [Fact]
    public void Flash_in_the_outer_build_flashes_once_from_the_first_framework()
    {
        var directory = NewProject("multi-flash");
        var result = Build(directory, "-t:Flash");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("MSB4057", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, Flashes(result.Output));
        Assert.True(File.Exists(Path.Combine(directory, "obj", "Debug", "stm32", "stm32-report.json")));
        // Only the first framework was built for it.
        Assert.True(File.Exists(Path.Combine(directory, "bin", "Debug", "net8.0", "App.dll")));
        Assert.False(File.Exists(Path.Combine(directory, "bin", "Debug", "net10.0", "App.dll")));
    }

    [Fact]
    public void Flash_on_build_flashes_once_per_build_not_once_per_framework()
    {
        var directory = NewProject("multi-onbuild");
        var result = Build(directory, "-p:Stm32FlashOnBuild=true", "-p:Stm32FlashTargetFramework=net10.0");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(File.Exists(Path.Combine(directory, "bin", "Debug", "net8.0", "App.dll")));
        Assert.True(File.Exists(Path.Combine(directory, "bin", "Debug", "net10.0", "App.dll")));
        Assert.Equal(1, Flashes(result.Output));
    }
}
