using System.IO.Compression;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests.NetFramework;

/// <summary>The Stm32.Build package packed from source once for the collection and unpacked into a private folder.</summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        Root = Path.Combine(Path.GetTempPath(), "stm32pkg-net472-" + Guid.NewGuid().ToString("N")[..12]);
        var feed = Path.Combine(Root, "feed");
        System.IO.Directory.CreateDirectory(feed);
        var pack = ProcessRunner.Dotnet(RepositoryPaths.Root, null, TimeSpan.FromMinutes(8),
            "pack", RepositoryPaths.Combine("src", "Stm32.Build.Package", "Stm32.Build.Package.csproj"),
            "-c", MSBuildSetup.Configuration, "-o", feed, "-nologo", "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        Directory = Path.Combine(Root, "package");
        ZipFile.ExtractToDirectory(System.IO.Directory.GetFiles(feed, "Stm32.Build.*.nupkg").Single(), Directory);
    }

    /// <summary>The private folder holding everything.</summary>
    public string Root { get; }

    /// <summary>The unpacked package.</summary>
    public string Directory { get; }

    /// <summary>A folder of the unpacked package.</summary>
    public string Combine(params string[] parts) => Path.Combine([Directory, .. parts]);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The tests that share one packed package.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "packed package";
}
