using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>A linked resource of an Eclipse project: a virtual path in the project that points elsewhere.</summary>
/// <param name="Name">The project-relative virtual path, e.g. <c>Drivers/STM32H7xx_HAL_Driver</c>.</param>
/// <param name="IsFolder">True for a folder (type 2), false for a file (type 1).</param>
/// <param name="Location">The absolute path it points to.</param>
public sealed record LinkedResource(string Name, bool IsFolder, string Location);

/// <summary>
/// The parts of an Eclipse <c>.project</c> file a build needs: the project name (${ProjName}), the natures
/// (C++ or C only) and the linked resources, whose <c>locationURI</c> forms <c>PROJECT_LOC/x</c>,
/// <c>PARENT-n-PROJECT_LOC/x</c>, <c>WORKSPACE_LOC/x</c> and plain <c>location</c> paths are resolved here.
/// </summary>
public sealed partial record EclipseProject(string Name, string Directory, bool IsCxx, IReadOnlyList<LinkedResource> LinkedResources)
{
    /// <summary>Reads <paramref name="projectFile"/>; a missing file gives a project named after its folder.</summary>
    /// <exception cref="Stm32Exception">STM6103 when the file is not readable XML.</exception>
    public static EclipseProject Read(string projectFile)
    {
        var full = Path.GetFullPath(projectFile);
        var dir = Path.GetDirectoryName(full)!;
        if (!File.Exists(full))
        {
            return new EclipseProject(new DirectoryInfo(dir).Name, dir, false, []);
        }
        XDocument doc;
        try
        {
            doc = XDocument.Load(full, LoadOptions.SetLineInfo);
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.EclipseProjectInvalid, DiagnosticSeverity.Error,
                $"The Eclipse .project file cannot be read: {ex.Message}", full, (ex as XmlException)?.LineNumber), ex);
        }
        var root = doc.Root!;
        var name = root.Element("name")?.Value.Trim() is { Length: > 0 } n ? n : new DirectoryInfo(dir).Name;
        var isCxx = root.Element("natures")?.Elements("nature").Any(e => e.Value.Trim() == "org.eclipse.cdt.core.ccnature") ?? false;
        var links = new List<LinkedResource>();
        foreach (var link in root.Element("linkedResources")?.Elements("link") ?? [])
        {
            var linkName = link.Element("name")?.Value.Trim().Trim('/');
            var type = link.Element("type")?.Value.Trim();
            var location = link.Element("locationURI")?.Value.Trim() ?? link.Element("location")?.Value.Trim();
            if (string.IsNullOrEmpty(linkName) || string.IsNullOrEmpty(location))
            {
                continue;
            }
            var resolved = ResolveLocation(location, dir);
            if (resolved is null)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.EclipseProjectInvalid, DiagnosticSeverity.Error,
                    $"The linked resource '{linkName}' points to '{location}', which this importer cannot resolve (supported: PROJECT_LOC, PARENT-n-PROJECT_LOC, WORKSPACE_LOC, absolute paths).",
                    full, link is IXmlLineInfo li && li.HasLineInfo() ? li.LineNumber : null));
            }
            links.Add(new LinkedResource(linkName, type == "2", resolved));
        }
        return new EclipseProject(name, dir, isCxx, links);
    }

    /// <summary>Resolves a linked resource location to an absolute path, or null when its variable is unknown.</summary>
    public static string? ResolveLocation(string location, string projectDirectory)
    {
        var v = location.Replace('\\', '/');
        if (v.StartsWith("file:/", StringComparison.Ordinal))
        {
            v = Uri.UnescapeDataString(new Uri(v).LocalPath);
        }
        var m = ParentLoc().Match(v);
        if (m.Success)
        {
            var up = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var dir = projectDirectory;
            for (var i = 0; i < up; i++)
            {
                dir = Path.GetDirectoryName(dir) ?? dir;
            }
            return Path.GetFullPath(Path.Combine(dir, m.Groups[2].Value.TrimStart('/')));
        }
        if (v.StartsWith("PROJECT_LOC", StringComparison.Ordinal))
        {
            return Path.GetFullPath(Path.Combine(projectDirectory, v["PROJECT_LOC".Length..].TrimStart('/')));
        }
        if (v.StartsWith("WORKSPACE_LOC", StringComparison.Ordinal))
        {
            // CubeIDE workspaces usually hold the project's parent folder; use it as the workspace root.
            var parent = Path.GetDirectoryName(projectDirectory) ?? projectDirectory;
            return Path.GetFullPath(Path.Combine(parent, v["WORKSPACE_LOC".Length..].TrimStart('/')));
        }
        if (Path.IsPathRooted(v) || (v.Length > 2 && v[1] == ':'))
        {
            return v;
        }
        return null;
    }

    [GeneratedRegex(@"^PARENT-(\d+)-PROJECT_LOC(/.*)?$")]
    private static partial Regex ParentLoc();
}
