using Stm32.Build.TestSupport;

namespace Stm32.Build.Tests.Registers;

/// <summary>Table files for the reader: the checked-in ones, or hand-written ones in a temporary folder.</summary>
internal sealed class TableFiles : IDisposable
{
    /// <summary>The checked-in tables (src/Stm32.Build.Core/Registers/Tables).</summary>
    public static string Directory => RepositoryPaths.Combine("src", "Stm32.Build.Core", "Registers", "Tables");

    public TableFiles(params (string Name, string Text)[] files)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stm32-regtables-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, name), text);
        }
    }

    /// <summary>The temporary folder.</summary>
    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}
