using System.Xml;
using System.Xml.Linq;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>One command of a configuration's pre-build or post-build step.</summary>
/// <param name="Kind"><c>pre-build</c> or <c>post-build</c>.</param>
/// <param name="Text">The command as the .cproject writes it.</param>
/// <param name="Command">The command with CubeIDE's variables expanded; null when it cannot run here.</param>
/// <param name="Problem">Why it cannot run here (unknown variables, a Windows-only command), else null.</param>
/// <param name="Line">The line of the configuration in the .cproject.</param>
public sealed record CubeIdeBuildStep(string Kind, string Text, string? Command, string? Problem, int? Line);

/// <summary>
/// Reads the <c>prebuildStep</c> and <c>postbuildStep</c> attributes of a CDT configuration (CubeIDE: Properties,
/// C/C++ Build, Settings, Build Steps). Each line is a command CDT's makefile runs in the build folder; CDT expands
/// its build macros in them: <c>${ProjName}</c>, <c>${ConfigName}</c>, <c>${ProjDirPath}</c>,
/// <c>${BuildArtifactFileName}</c>, <c>${BuildArtifactFileBaseName}</c>, <c>${BuildArtifactFileExt}</c>,
/// <c>${BuildArtifactFilePrefix}</c>, <c>${CWD}</c>/<c>${PWD}</c> (the build folder) and Eclipse's
/// <c>${workspace_loc:…}</c>. A step with any other variable, or one that runs a Windows program or script on
/// another system, is returned with the reason it cannot run, and reported, never dropped silently.
/// </summary>
public static class CubeIdeBuildSteps
{
    /// <summary>Reads both steps of <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The CDT <c>configuration</c> element.</param>
    /// <param name="paths">The project's path resolver.</param>
    /// <param name="configName">The configuration name (${ConfigName}).</param>
    /// <param name="projectName">The project name (${ProjName}).</param>
    /// <param name="artifactName">The artifact's base name (${BuildArtifactFileBaseName}).</param>
    /// <param name="buildDirectory">Where the steps run: the folder of the ELF (${CWD}).</param>
    public static IReadOnlyList<CubeIdeBuildStep> Read(XElement configuration, CubeIdePathResolver paths, string configName, string projectName, string artifactName, string buildDirectory)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ProjName"] = projectName,
            ["ConfigName"] = configName,
            ["BuildArtifactFileName"] = artifactName + ".elf",
            ["BuildArtifactFileBaseName"] = artifactName,
            ["BuildArtifactFileExt"] = "elf",
            ["BuildArtifactFilePrefix"] = string.Empty,
            ["CWD"] = buildDirectory,
            ["PWD"] = buildDirectory,
        };
        var line = configuration is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : (int?)null;
        var steps = new List<CubeIdeBuildStep>();
        foreach (var (attribute, kind) in new[] { ("prebuildStep", "pre-build"), ("postbuildStep", "post-build") })
        {
            var text = configuration.Attribute(attribute)?.Value;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            foreach (var command in text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim()).Where(line => line.Length > 0))
            {
                var unknown = new List<string>();
                var expanded = paths.ExpandCommand(command, variables, unknown);
                var problem = unknown.Count > 0
                    ? "it uses " + string.Join(", ", unknown.Distinct()) + ", which only CubeIDE knows"
                    : !OperatingSystem.IsWindows() && WindowsOnly(expanded)
                        ? "it runs a Windows program or script"
                        : null;
                steps.Add(new CubeIdeBuildStep(kind, command, problem is null ? expanded : null, problem, line));
            }
        }
        return steps;
    }

    private static bool WindowsOnly(string command)
    {
        var first = command.TrimStart().Split(' ', 2)[0].Trim('"').ToLowerInvariant();
        return first.EndsWith(".exe", StringComparison.Ordinal) || first.EndsWith(".bat", StringComparison.Ordinal)
            || first.EndsWith(".cmd", StringComparison.Ordinal) || first.EndsWith(".ps1", StringComparison.Ordinal)
            || first is "cmd" or "pwsh" or "powershell" or "copy" or "del" or "xcopy";
    }
}
