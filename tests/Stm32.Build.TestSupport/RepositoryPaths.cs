namespace Stm32.Build.TestSupport;

/// <summary>Locations inside the repository, found from the test assembly's directory.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stm32.Build.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Stm32.Build.sln) not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (the folder holding Stm32.Build.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>A path below the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
