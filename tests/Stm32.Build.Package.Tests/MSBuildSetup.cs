using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>Registers the installed SDK's MSBuild before any Microsoft.Build type loads, and the paths the tests share.</summary>
internal static class MSBuildSetup
{
    [ModuleInitializer]
    internal static void Register()
    {
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }

    /// <summary>The configuration this test assembly (and so the task assembly) was built in.</summary>
    public static string Configuration { get; } =
        typeof(MSBuildSetup).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "Configuration").Value!;

    /// <summary>The task assembly built from source.</summary>
    public static string TasksAssembly => RepositoryPaths.Combine("src", "Stm32.Build.Tasks", "bin", Configuration, "net8.0", "Stm32.Build.Tasks.dll");

    /// <summary>The repository's build/ folder (the package's MSBuild files).</summary>
    public static string BuildDirectory => RepositoryPaths.Combine("build");
}
