using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.SvdGen.Corrections;
using Stm32.SvdGen.Model;
using Stm32.SvdGen.Output;
using Stm32.SvdGen.Svd;

namespace Stm32.SvdGen;

/// <summary>Where the generator reads and writes.</summary>
/// <param name="SvdDirectory">ST's SVD files (<c>../shared/svd</c> beside the repository).</param>
/// <param name="ToolDirectory">The generator's folder: <c>tables.txt</c> and <c>corrections/</c>.</param>
/// <param name="OutputDirectory">Where the table files go (<c>src/Stm32.Build.Core/Registers/Tables</c>).</param>
/// <param name="DisplayRoot">Paths in messages and headers are shown relative to this folder.</param>
/// <param name="ApplyCorrections">False writes the SVD files' facts as they are (to review what the corrections change).</param>
internal sealed record GeneratorOptions(string SvdDirectory, string ToolDirectory, string OutputDirectory, string DisplayRoot, bool ApplyCorrections = true)
{
    /// <summary>The defaults inside a repository checkout.</summary>
    public static GeneratorOptions ForRepository(string root) => new(
        DefaultSvdDirectory(root),
        Path.Combine(root, "tools", "Stm32.SvdGen"),
        Path.Combine(root, "src", "Stm32.Build.Core", "Registers", "Tables"),
        root);

    /// <summary>
    /// ST's SVD files: <c>../shared/svd</c> beside the repository root, or beside a folder above it (a git worktree
    /// kept under the main checkout's parent); the first that exists, else the first candidate.
    /// </summary>
    public static string DefaultSvdDirectory(string root)
    {
        var candidates = new List<string>();
        for (var dir = Directory.GetParent(Path.GetFullPath(root)); dir is not null && candidates.Count < 3; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "shared", "svd"));
        }
        return candidates.FirstOrDefault(Directory.Exists) ?? candidates.FirstOrDefault() ?? Path.Combine(root, "..", "shared", "svd");
    }
}

/// <summary>
/// The generator: reads the table list (<c>tables.txt</c>: table name and family pool per line), each table's SVD
/// file, the family's corrections (<c>corrections/POOL.txt</c>), and produces the table files in memory
/// (<see cref="Generate"/>); <see cref="WriteAll"/> replaces the output folder's files, <see cref="Compare"/> lists
/// the files that differ from it.
/// </summary>
internal static class Generator
{
    /// <summary>The command that regenerates the checked-in tables (for messages).</summary>
    public const string Command = "dotnet run --project tools/Stm32.SvdGen";

    /// <summary>Produces every output file by name.</summary>
    public static SortedDictionary<string, string> Generate(GeneratorOptions options)
    {
        var entries = ReadTableList(options);
        var tables = new List<GeneratedTable>();
        foreach (var pool in entries.GroupBy(e => e.Pool, StringComparer.Ordinal))
        {
            var correctionsPath = Path.Combine(options.ToolDirectory, "corrections", pool.Key + ".txt");
            var display = Display(options, correctionsPath);
            var corrections = options.ApplyCorrections && File.Exists(correctionsPath) ? CorrectionParser.ReadFile(correctionsPath, display) : [];
            var applier = new CorrectionApplier(corrections);
            var devices = ReadDevices(options, pool.Select(e => e.Name).ToList());
            foreach (var device in devices)
            {
                applier.Apply(device);
                tables.Add(new GeneratedTable(device, pool.Key, corrections.Count == 0 ? null : display));
            }
            applier.CheckAllUsed();
        }
        return TableSetWriter.Write(tables);
    }

    /// <summary>Writes the files into the output folder, deleting table files that are no longer produced.</summary>
    public static void WriteAll(GeneratorOptions options, SortedDictionary<string, string> files)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        foreach (var stale in Directory.EnumerateFiles(options.OutputDirectory, "*.txt").Where(f => !files.ContainsKey(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(options.OutputDirectory, name);
            if (!File.Exists(path) || File.ReadAllText(path) != content)
            {
                File.WriteAllText(path, content);
            }
        }
    }

    /// <summary>The names of the files that are missing, extra or different in <paramref name="directory"/>.</summary>
    public static List<string> Compare(SortedDictionary<string, string> files, string directory)
    {
        var differences = new List<string>();
        var existing = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.txt").Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var (name, content) in files)
        {
            if (!existing.Contains(name))
            {
                differences.Add(name + " (missing)");
            }
            else if (File.ReadAllText(Path.Combine(directory, name)).ReplaceLineEndings("\n") != content)
            {
                differences.Add(name + " (differs)");
            }
        }
        differences.AddRange(existing.Where(n => !files.ContainsKey(n)).Order(StringComparer.Ordinal).Select(n => n + " (no longer generated)"));
        return differences;
    }

    private static List<DeviceModel> ReadDevices(GeneratorOptions options, List<string> names)
    {
        var devices = new DeviceModel[names.Count];
        Parallel.For(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, 4)) }, i =>
            devices[i] = SvdReader.ReadFile(Path.Combine(options.SvdDirectory, names[i] + ".svd")));
        return [.. devices];
    }

    private static List<(string Name, string Pool)> ReadTableList(GeneratorOptions options)
    {
        var path = Path.Combine(options.ToolDirectory, "tables.txt");
        var display = Display(options, path);
        if (!File.Exists(path))
        {
            throw new SvdGenException(DiagnosticCodes.SvdGeneratorConfigInvalid, "the table list does not exist", display);
        }
        if (!Directory.Exists(options.SvdDirectory))
        {
            throw new SvdGenException(DiagnosticCodes.SvdGeneratorConfigInvalid,
                $"the SVD folder {options.SvdDirectory} does not exist (ST's SVD files are expected in ../shared/svd beside the repository; --svd DIR names another)");
        }
        var entries = new List<(string, string)>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !parts.All(p => p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                throw new SvdGenException(DiagnosticCodes.SvdGeneratorConfigInvalid, "expected 'TABLE POOL' (the SVD file's base name and its family pool)", display, i + 1);
            }
            if (!File.Exists(Path.Combine(options.SvdDirectory, parts[0] + ".svd")))
            {
                throw new SvdGenException(DiagnosticCodes.SvdGeneratorConfigInvalid,
                    string.Create(CultureInfo.InvariantCulture, $"{parts[0]}.svd is not in {options.SvdDirectory}"), display, i + 1);
            }
            if (entries.Exists(e => e.Item1 == parts[0]))
            {
                throw new SvdGenException(DiagnosticCodes.SvdGeneratorConfigInvalid, $"{parts[0]} is listed twice", display, i + 1);
            }
            entries.Add((parts[0], parts[1]));
        }
        return entries;
    }

    private static string Display(GeneratorOptions options, string path) =>
        Path.GetRelativePath(options.DisplayRoot, path).Replace('\\', '/');
}
