using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// Packs Stm32.Build once per test run into a local feed under a private temp folder and creates one fresh
/// `dotnet new classlib` project to copy from. NuGet's package folder is private too (NUGET_PACKAGES), so a stale
/// package in the machine's cache never hides a change.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromMinutes(8);

    public PackedFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "stm32pkg-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        var pack = ProcessRunner.Dotnet(RepositoryPaths.Root, null, s_toolTimeout,
            "pack", RepositoryPaths.Combine("src", "Stm32.Build.Package", "Stm32.Build.Package.csproj"),
            "-c", MSBuildSetup.Configuration, "-o", Feed, "-nologo", "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        Package = Directory.GetFiles(Feed, "Stm32.Build.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(Package)["Stm32.Build.".Length..];

        Template = Path.Combine(Root, "template");
        var create = ProcessRunner.Dotnet(Root, Environment(), s_toolTimeout, "new", "classlib", "-o", Template, "-n", "App");
        Assert.True(create.ExitCode == 0, "dotnet new failed:\n" + create.Output);
        File.Delete(Path.Combine(Template, "Class1.cs"));
    }

    /// <summary>The private folder holding everything.</summary>
    public string Root { get; }

    /// <summary>The local feed with the packed package.</summary>
    public string Feed { get; }

    /// <summary>The private NuGet package folder.</summary>
    public string Packages { get; }

    /// <summary>The .nupkg.</summary>
    public string Package { get; }

    /// <summary>Its version.</summary>
    public string Version { get; }

    /// <summary>The fresh project `dotnet new classlib` created.</summary>
    public string Template { get; }

    /// <summary>The environment a child `dotnet` gets: the private package folder.</summary>
    public Dictionary<string, string> Environment() => new() { ["NUGET_PACKAGES"] = Packages };

    /// <summary>
    /// A copy of the fresh project in its own folder with a nuget.config (the local feed plus the machine's normal
    /// source for the SDK's own packages), the PackageReference, and <paramref name="items"/> added as a user would.
    /// </summary>
    public string NewProject(string name, string properties, string items)
    {
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Template))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="stm32-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        var csproj = Path.Combine(directory, "App.csproj");
        var text = File.ReadAllText(csproj);
        var addition = $"""
              <PropertyGroup>
            {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Stm32.Build" Version="{Version}" />
            {items}
              </ItemGroup>
            </Project>
            """;
        File.WriteAllText(csproj, text[..text.LastIndexOf("</Project>", StringComparison.Ordinal)] + addition);
        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server still holding a file: leave the folder to the temp cleaner.
        }
    }
}

/// <summary>
/// The test classes that build against the packed package share one pack (packing the same project from several
/// classes at once makes the builds wait on each other's files) and run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packed feed";
}
