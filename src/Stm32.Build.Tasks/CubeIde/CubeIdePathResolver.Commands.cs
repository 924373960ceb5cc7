using System.Text.RegularExpressions;

namespace Stm32.Build.Tasks.CubeIde;

public sealed partial class CubeIdePathResolver
{
    /// <summary>
    /// Expands the Eclipse variables of a command line (a pre-build or post-build step): <c>${workspace_loc:/P/x}</c>
    /// and <c>${workspace_loc}</c> (the workspace: the folder holding the project), <c>${ProjDirPath}</c>, and the
    /// <paramref name="variables"/> given (CDT's build macros: ${ProjName}, ${ConfigName}, ${BuildArtifactFileName},
    /// …). Every variable it does not know is returned in <paramref name="unknown"/> and left as it is.
    /// </summary>
    public string ExpandCommand(string text, IReadOnlyDictionary<string, string> variables, List<string> unknown)
    {
        // Inner variables first: ${workspace_loc:/${ProjName}/x} names the project by a variable.
        var expanded = SimpleVariable().Replace(text, m => m.Groups[1].Value switch
        {
            "ProjDirPath" => _projectDirectory,
            "workspace_loc" => Path.GetDirectoryName(_projectDirectory) ?? _projectDirectory,
            var name when variables.TryGetValue(name, out var value) => value,
            _ => m.Value,
        });
        expanded = WorkspaceLoc().Replace(expanded, m => Resolve(m.Value));
        foreach (Match m in AnyVariable().Matches(expanded))
        {
            unknown.Add(m.Value);
        }
        return expanded;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex SimpleVariable();

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex AnyVariable();
}
