namespace Stm32.Build.Package.Tests.NetFramework;

/// <summary>
/// The package's tools/net472/ (the task assembly for Visual Studio's msbuild.exe) cannot run here, so its
/// dependency closure is checked statically: every assembly reference of every assembly in the folder must be in
/// the folder, in .NET Framework 4.7.2, or shipped by MSBuild 17.11 on .NET Framework, at a version that loads.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class NetFrameworkTaskAssemblyTests(PackedPackage package)
{
    private const string NetFramework = ".NETFramework,Version=v4.7.2";

    private IReadOnlyList<AssemblyIdentity> Packed(string framework) =>
        Directory.GetFiles(package.Combine("tools", framework), "*.dll").Select(AssemblyIdentity.Read).ToList();

    [Fact]
    public void Every_reference_of_the_net472_folder_resolves_to_the_folder_the_framework_or_MSBuild_at_a_loadable_version()
    {
        var closure = NetFrameworkClosure.Load();
        var packed = Packed("net472");
        var inFolder = packed.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var assembly in packed)
        {
            foreach (var reference in assembly.References)
            {
                var where = $"{Path.GetFileName(assembly.File)} references {reference.Name} {reference.Version}";
                if (inFolder.TryGetValue(reference.Name, out var local))
                {
                    // No binding redirect covers the package's own assemblies: a strong name must match exactly.
                    if (reference.StrongNamed && local.Version != reference.Version)
                    {
                        problems.Add($"{where}, but tools/net472 has {local.Version}");
                    }
                }
                else if (closure.MSBuild.TryGetValue(reference.Name, out var msbuild))
                {
                    // msbuild.exe.config redirects 0.0.0.0 up to its own version (before the framework's: Microsoft.Build.Framework 4.0
                    // is in .NET Framework too); a newer reference is not redirected.
                    if (reference.Version > msbuild)
                    {
                        problems.Add($"{where}, newer than the {msbuild} MSBuild {NetFrameworkClosure.MSBuildPackageVersion} ships");
                    }
                }
                else if (closure.Framework.TryGetValue(reference.Name, out var framework))
                {
                    if (reference.Version > framework)
                    {
                        problems.Add($"{where}, newer than .NET Framework 4.7.2's {framework}");
                    }
                }
                else
                {
                    problems.Add($"{where}, which is neither in tools/net472, nor in .NET Framework 4.7.2, nor shipped by MSBuild");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_net472_folder_targets_net472_and_carries_the_same_libraries_as_net8_but_nothing_MSBuild_or_the_framework_ships()
    {
        var closure = NetFrameworkClosure.Load();
        var net472 = Packed("net472");
        Assert.All(net472, a => Assert.Equal(NetFramework, a.TargetFramework));
        Assert.Contains(net472, a => a.Name == "Stm32.Build.Tasks");
        // sourcelink's rule: a second copy of what msbuild.exe already loaded would be a second, incompatible identity.
        Assert.Empty(net472.Where(a => closure.MSBuild.ContainsKey(a.Name) || closure.Framework.ContainsKey(a.Name)).Select(a => a.Name));
        var net8 = Packed("net8.0");
        Assert.Equal(net8.Select(a => a.Name).Order(), net472.Select(a => a.Name).Order());
    }

    [Fact]
    public void The_task_assembly_references_only_the_Stm32_libraries_it_is_packed_with()
    {
        var net472 = Packed("net472");
        var tasks = net472.Single(a => a.Name == "Stm32.Build.Tasks");
        var reachable = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { tasks.Name };
        var queue = new Queue<AssemblyIdentity>([tasks]);
        var byName = net472.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        while (queue.Count > 0)
        {
            foreach (var reference in queue.Dequeue().References)
            {
                if (byName.TryGetValue(reference.Name, out var next) && reachable.Add(next.Name))
                {
                    queue.Enqueue(next);
                }
            }
        }
        // Every packed assembly is loaded by the task assembly (directly or through another one): nothing stale.
        Assert.Equal(net472.Select(a => a.Name).Order(), reachable.Order());
    }
}
