using System.Text.RegularExpressions;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>
/// Turns the path forms CubeIDE (Eclipse CDT) writes in .cproject values into absolute paths:
/// relative paths start in the build directory (<c>&lt;project&gt;/Debug</c>, where make runs);
/// <c>${workspace_loc:/${ProjName}/x}</c> and <c>${ProjDirPath}/x</c> start in the project directory;
/// <c>${workspace_loc:/Other/x}</c> starts in the directory of the workspace project named Other
/// (looked up beside this project, as CubeIDE's dual-core layouts place CM4/ and CM7/).
/// </summary>
public sealed partial class CubeIdePathResolver
{
    private readonly string _projectDirectory;
    private readonly string _projectName;
    private readonly string _buildDirectory;
    private readonly Func<string, string?> _findProject;

    /// <summary>Creates a resolver for a project.</summary>
    /// <param name="projectDirectory">The directory holding .project and .cproject.</param>
    /// <param name="projectName">The project's Eclipse name (.project &lt;name&gt;), the value of ${ProjName}.</param>
    /// <param name="buildDirectory">The configuration's build directory, where relative paths start.</param>
    /// <param name="findProject">Finds another workspace project's directory by name; null when unknown.</param>
    public CubeIdePathResolver(string projectDirectory, string projectName, string buildDirectory, Func<string, string?>? findProject = null)
    {
        _projectDirectory = Path.GetFullPath(projectDirectory);
        _projectName = projectName;
        _buildDirectory = Path.GetFullPath(buildDirectory);
        _findProject = findProject ?? (_ => null);
    }

    /// <summary>Replaces ${ProjName} in a value that is not a path (the artifact name).</summary>
    public string ExpandName(string value) => value.Replace("${ProjName}", _projectName, StringComparison.Ordinal);

    /// <summary>Resolves one path value to an absolute path.</summary>
    public string Resolve(string value)
    {
        var v = value.Trim().Trim('"');
        v = ExpandName(v);
        v = v.Replace("${ProjDirPath}", _projectDirectory, StringComparison.Ordinal);
        var m = WorkspaceLoc().Match(v);
        if (m.Success)
        {
            var inner = m.Groups[1].Value.TrimStart('/');
            var slash = inner.IndexOf('/', StringComparison.Ordinal);
            var project = slash < 0 ? inner : inner[..slash];
            var rest = slash < 0 ? string.Empty : inner[(slash + 1)..];
            var root = string.Equals(project, _projectName, StringComparison.Ordinal)
                ? _projectDirectory
                : _findProject(project) ?? Path.Combine(Path.GetDirectoryName(_projectDirectory) ?? _projectDirectory, project);
            v = string.Concat(v.AsSpan(0, m.Index), Path.Combine(root, rest), v.AsSpan(m.Index + m.Length));
        }
        v = v.Replace('\\', '/');
        return Path.GetFullPath(Path.IsPathRooted(v) ? v : Path.Combine(_buildDirectory, v));
    }

    [GeneratedRegex(@"\$\{workspace_loc:([^}]*)\}")]
    private static partial Regex WorkspaceLoc();
}
