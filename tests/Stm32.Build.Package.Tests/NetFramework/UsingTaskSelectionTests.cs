using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Build.Evaluation;

namespace Stm32.Build.Package.Tests.NetFramework;

/// <summary>
/// The packed build/*.props and *.targets, evaluated with MSBuild's evaluation API: every UsingTask names the task
/// assembly of the MSBuild that runs — tools/net8.0 under the .NET SDK's MSBuild (MSBuildRuntimeType Core), tools/net472
/// under Visual Studio's (Full) — and that assembly defines every task named.
/// MSBuildRuntimeType is reserved (MSB4177), so the Full evaluation reads a copy of the package's build/ folder in
/// which the property reference is replaced by the value .NET Framework MSBuild gives it.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class UsingTaskSelectionTests(PackedPackage package)
{
    [Fact]
    public void Under_the_NET_SDK_MSBuild_every_UsingTask_loads_tools_net8()
    {
        var (runtime, tasks) = Evaluate(package.Combine("build"));
        Assert.Equal("Core", runtime);
        AssertAll(tasks, "net8.0");
    }

    [Fact]
    public void Under_Visual_Studio_MSBuild_every_UsingTask_loads_tools_net472()
    {
        var full = package.Combine("build-as-full-msbuild");
        Directory.CreateDirectory(full);
        foreach (var file in Directory.GetFiles(package.Combine("build")))
        {
            File.WriteAllText(Path.Combine(full, Path.GetFileName(file)), File.ReadAllText(file).Replace("$(MSBuildRuntimeType)", "Full", StringComparison.Ordinal));
        }
        var (_, tasks) = Evaluate(full);
        AssertAll(tasks, "net472");
    }

    private void AssertAll(IReadOnlyList<(string TaskName, string AssemblyFile)> tasks, string framework)
    {
        var expected = Path.GetFullPath(package.Combine("tools", framework, "Stm32.Build.Tasks.dll"));
        Assert.True(tasks.Count >= 10, $"only {tasks.Count} UsingTask elements were found");
        Assert.All(tasks, t => Assert.Equal(expected, Path.GetFullPath(t.AssemblyFile)));
        Assert.True(File.Exists(expected), expected + " is not in the package");
        var defined = TypesDefinedIn(expected);
        Assert.All(tasks, t => Assert.Contains(t.TaskName, defined));
    }

    private static (string Runtime, IReadOnlyList<(string TaskName, string AssemblyFile)> Tasks) Evaluate(string buildFolder)
    {
        var projectFile = Path.Combine(Path.GetDirectoryName(buildFolder)!, Path.GetFileName(buildFolder) + "-consumer.proj");
        File.WriteAllText(projectFile, $"""
            <Project>
              <Import Project="{Path.Combine(buildFolder, "Stm32.Build.props")}" />
              <Import Project="{Path.Combine(buildFolder, "Stm32.Build.targets")}" />
            </Project>
            """);
        using var collection = new ProjectCollection();
        var project = collection.LoadProject(projectFile);
        var tasks = project.Imports
            .Where(i => Path.GetDirectoryName(i.ImportedProject.FullPath) == buildFolder)
            .SelectMany(i => i.ImportedProject.UsingTasks)
            .Select(u => (u.TaskName, project.ExpandString(u.AssemblyFile)))
            .ToList();
        return (project.GetPropertyValue("MSBuildRuntimeType"), tasks);
    }

    private static HashSet<string> TypesDefinedIn(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            if (type.GetDeclaringType().IsNil)
            {
                names.Add(md.GetString(type.Namespace) + "." + md.GetString(type.Name));
            }
        }
        return names;
    }
}
