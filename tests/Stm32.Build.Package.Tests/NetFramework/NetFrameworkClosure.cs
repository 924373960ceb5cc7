using System.Reflection;
using System.Text.Json;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests.NetFramework;

/// <summary>
/// What a .NET Framework MSBuild task can load without carrying it, derived from packages rather than typed by hand:
/// the .NET Framework 4.7.2 reference assemblies (the package the net472 build compiled against), and what
/// msbuild.exe ships beside itself: MSBuild 17.11's own .NET Framework assemblies and everything they reference,
/// followed through the referenced assemblies' packages (System.Text.Json → System.Text.Encodings.Web, ...).
/// msbuild.exe.config redirects every older version of those to the one it ships.
/// </summary>
public sealed class NetFrameworkClosure
{
    /// <summary>The MSBuild whose .NET Framework assemblies define what msbuild.exe provides (the oldest supported).</summary>
    public const string MSBuildPackageVersion = "17.11.48";

    private static readonly string[] s_libraryFolders = ["net472", "net471", "net47", "net462", "net461", "net46", "net45", "netstandard2.0"];

    private NetFrameworkClosure(IReadOnlyDictionary<string, Version> framework, IReadOnlyDictionary<string, Version> msbuild)
    {
        Framework = framework;
        MSBuild = msbuild;
    }

    /// <summary>.NET Framework 4.7.2's assemblies (with facades) and their versions.</summary>
    public IReadOnlyDictionary<string, Version> Framework { get; }

    /// <summary>The assemblies msbuild.exe 17.11 provides and the highest version it ships of each.</summary>
    public IReadOnlyDictionary<string, Version> MSBuild { get; }

    /// <summary>Reads both sets from the NuGet package folder.</summary>
    public static NetFrameworkClosure Load()
    {
        var root = typeof(NetFrameworkClosure).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "NuGetPackageRoot").Value!;
        var referenceAssemblies = Path.Combine(root, "microsoft.netframework.referenceassemblies.net472",
            PackageVersionInTasksBuild("Microsoft.NETFramework.ReferenceAssemblies.net472"), "build", ".NETFramework", "v4.7.2");
        Assert.True(Directory.Exists(referenceAssemblies), "the .NET Framework 4.7.2 reference assemblies are not at " + referenceAssemblies);
        var framework = Directory.GetFiles(referenceAssemblies, "*.dll").Concat(Directory.GetFiles(Path.Combine(referenceAssemblies, "Facades"), "*.dll"))
            .Select(AssemblyIdentity.TryRead)
            .OfType<AssemblyIdentity>()
            .ToDictionary(a => a.Name, a => a.Version, StringComparer.OrdinalIgnoreCase);

        var msbuildAssemblies = new[]
        {
            Path.Combine(root, "microsoft.build", MSBuildPackageVersion, "lib", "net472", "Microsoft.Build.dll"),
            Path.Combine(root, "microsoft.build.framework", PackageVersionInTasksBuild("Microsoft.Build.Framework"), "lib", "net472", "Microsoft.Build.Framework.dll"),
            Path.Combine(root, "microsoft.build.utilities.core", PackageVersionInTasksBuild("Microsoft.Build.Utilities.Core"), "lib", "net472", "Microsoft.Build.Utilities.Core.dll"),
        };
        var msbuild = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<AssemblyIdentity>();
        foreach (var file in msbuildAssemblies)
        {
            Assert.True(File.Exists(file), file + " is missing (restore tests/Stm32.Build.Package.Tests: it downloads Microsoft.Build " + MSBuildPackageVersion + ")");
            var assembly = AssemblyIdentity.Read(file);
            msbuild[assembly.Name] = assembly.Version;
            queue.Enqueue(assembly);
        }
        while (queue.Count > 0)
        {
            foreach (var reference in queue.Dequeue().References.Where(r => !framework.ContainsKey(r.Name)))
            {
                if (msbuild.TryGetValue(reference.Name, out var known) && known >= reference.Version)
                {
                    continue;
                }
                msbuild[reference.Name] = reference.Version;
                if (FindInPackages(root, reference) is { } shipped)
                {
                    queue.Enqueue(shipped);
                }
            }
        }
        return new NetFrameworkClosure(framework, msbuild);
    }

    // The version of a package the net472 build of the task assembly restored (its project.assets.json).
    private static string PackageVersionInTasksBuild(string id)
    {
        var assets = RepositoryPaths.Combine("src", "Stm32.Build.Tasks", "obj", "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var key = json.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(p => p.Name)
            .FirstOrDefault(n => n.StartsWith(id + "/", StringComparison.OrdinalIgnoreCase));
        Assert.True(key is not null, $"{assets} lists no {id}: restore src/Stm32.Build.Tasks");
        return key![(id.Length + 1)..].ToLowerInvariant();
    }

    // The .NET Framework build of the referenced assembly in its package (same name, same assembly version), if the package folder has it.
    private static AssemblyIdentity? FindInPackages(string root, AssemblyReferenceInfo reference)
    {
        var package = Path.Combine(root, reference.Name.ToLowerInvariant());
        if (!Directory.Exists(package))
        {
            return null;
        }
        foreach (var version in Directory.GetDirectories(package))
        {
            foreach (var folder in s_libraryFolders)
            {
                var file = Path.Combine(version, "lib", folder, reference.Name + ".dll");
                if (File.Exists(file) && AssemblyIdentity.Read(file) is var identity && identity.Version == reference.Version)
                {
                    return identity;
                }
            }
        }
        return null;
    }
}
