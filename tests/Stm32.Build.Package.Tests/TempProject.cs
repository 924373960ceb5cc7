using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// A throw-away project folder under the temp directory. <see cref="WritePlainProject"/> writes a plain
/// &lt;Project&gt; that imports the package's build/ files from the source tree with the task assembly from bin/,
/// as the package would; <see cref="CopyBlinky"/> copies samples/Blinky.H747 with the same imports.
/// </summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "stm32pkg-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        SimStateFile = Path.Combine(Directory, "sim", "STM32H747XI.state");
    }

    public string Directory { get; }

    /// <summary>The virtual board's state file this project's builds use.</summary>
    public string SimStateFile { get; }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Copies the Cortex-M7 blinky ELF (built by the test support) into the folder as <paramref name="name"/>.</summary>
    public string CopyBlinkyElf(string name = "app.elf")
    {
        var target = PathOf(name);
        File.Copy(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), target, overwrite: true);
        return target;
    }

    /// <summary>Writes proj.proj with <paramref name="body"/> between the package's props and targets.</summary>
    public string WritePlainProject(string body)
    {
        var file = PathOf("proj.proj");
        File.WriteAllText(file, $"""
            <Project>
              <PropertyGroup>
                <Stm32TasksAssembly>{MSBuildSetup.TasksAssembly}</Stm32TasksAssembly>
              </PropertyGroup>
              <Import Project="{Path.Combine(MSBuildSetup.BuildDirectory, "Stm32.Build.props")}" />
              {body}
              <Import Project="{Path.Combine(MSBuildSetup.BuildDirectory, "Stm32.Build.targets")}" />
            </Project>
            """);
        return file;
    }

    /// <summary>Copies samples/Blinky.H747 (sources, .cproject, linker script, project) and its imports.</summary>
    public string CopyBlinky()
    {
        var source = RepositoryPaths.Combine("samples", "Blinky.H747");
        var target = PathOf("Blinky.H747");
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }
            var destination = Path.Combine(target, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        // The sample finds Directory.Build.props/.targets above it: these stand in for samples/'s, without the
        // step that builds the task assembly (the test project already built it).
        File.WriteAllText(PathOf("Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <Stm32TasksAssembly>{MSBuildSetup.TasksAssembly}</Stm32TasksAssembly>
              </PropertyGroup>
              <Import Project="{Path.Combine(MSBuildSetup.BuildDirectory, "Stm32.Build.props")}" />
            </Project>
            """);
        File.WriteAllText(PathOf("Directory.Build.targets"), $"""
            <Project>
              <Import Project="{Path.Combine(MSBuildSetup.BuildDirectory, "Stm32.Build.targets")}" />
            </Project>
            """);
        return Path.Combine(target, "Blinky.H747.proj");
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file: leave the folder to the temp cleaner.
        }
    }
}
