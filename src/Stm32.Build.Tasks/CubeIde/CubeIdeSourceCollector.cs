using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>A source file of a firmware project with the project-relative path its object file mirrors.</summary>
/// <param name="FullPath">The file on disk.</param>
/// <param name="VirtualPath">The path inside the project (a linked resource's name for linked files), with '/'.</param>
public sealed record ProjectSource(string FullPath, string VirtualPath);

/// <summary>
/// Lists the sources a CubeIDE configuration builds: every C, C++ and assembler file under its source entries
/// (real folders and linked resources from .project), minus the entries' exclusion patterns and the build
/// output folders.
/// </summary>
public static class CubeIdeSourceCollector
{
    /// <summary>Collects the sources of a configuration.</summary>
    public static IReadOnlyList<ProjectSource> Collect(EclipseProject project, CubeIdeConfiguration configuration, IEnumerable<string>? outputFolders = null)
    {
        // The virtual file system: real files under the project directory plus linked resources.
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var skip = new HashSet<string>(outputFolders ?? [], StringComparer.OrdinalIgnoreCase) { configuration.Name, "Debug", "Release", "obj", "bin", ".settings" };
        AddTree(files, project.Directory, string.Empty, skip);
        foreach (var link in project.LinkedResources)
        {
            if (link.IsFolder)
            {
                if (Directory.Exists(link.Location))
                {
                    AddTree(files, link.Location, link.Name, skip: null);
                }
            }
            else
            {
                files[link.Name] = link.Location;
            }
        }

        var entries = configuration.SourceEntries.Count > 0 ? configuration.SourceEntries : [new CubeIdeSourceEntry(string.Empty, [])];
        var result = new List<ProjectSource>();
        foreach (var (virtualPath, fullPath) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (FirmwareBuildSettings.LanguageOf(virtualPath) is null)
            {
                continue;
            }
            foreach (var entry in entries)
            {
                var prefix = entry.Folder.Length == 0 ? string.Empty : entry.Folder + "/";
                if (!virtualPath.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }
                var inEntry = virtualPath[prefix.Length..];
                if (entry.Excluding.Any(p => GlobMatcher.IsExcluded(inEntry, p)))
                {
                    continue;
                }
                result.Add(new ProjectSource(fullPath, virtualPath));
                break;
            }
        }
        return result;
    }

    private static void AddTree(Dictionary<string, string> files, string root, string virtualRoot, HashSet<string>? skip)
    {
        var stack = new Stack<(string Dir, string Virtual)>();
        stack.Push((root, virtualRoot));
        while (stack.Count > 0)
        {
            var (dir, vdir) = stack.Pop();
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var v = Join(vdir, Path.GetFileName(file));
                files.TryAdd(v, Path.GetFullPath(file));
            }
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (name.StartsWith('.') || (vdir.Length == 0 && skip is not null && skip.Contains(name)))
                {
                    continue;
                }
                stack.Push((sub, Join(vdir, name)));
            }
        }
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : a + "/" + b;
}

/// <summary>Matches CDT exclusion patterns: a folder or file path, with <c>*</c>, <c>?</c> and <c>**</c>.</summary>
public static class GlobMatcher
{
    /// <summary>True when <paramref name="path"/> (relative, '/') is excluded by <paramref name="pattern"/>.</summary>
    public static bool IsExcluded(string path, string pattern)
    {
        var p = pattern.Trim().Trim('/').Replace('\\', '/');
        if (p.Length == 0)
        {
            return false;
        }
        // A plain folder pattern excludes everything below it.
        if (Matches(path, p) || Matches(path, p + "/**"))
        {
            return true;
        }
        return false;
    }

    private static bool Matches(string path, string pattern)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(path, regex, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }
}
