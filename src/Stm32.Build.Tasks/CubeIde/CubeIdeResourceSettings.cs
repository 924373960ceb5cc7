using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>The compile settings one tool of a folder or file overrides (null: inherited).</summary>
public sealed record CubeIdeToolOverride
{
    /// <summary>The optimization flag, e.g. <c>-O3</c>.</summary>
    public string? Optimization { get; init; }
    /// <summary>The debug flag (empty: none).</summary>
    public string? DebugLevel { get; init; }
    /// <summary>The defines (the whole list).</summary>
    public IReadOnlyList<string>? Defines { get; init; }
    /// <summary>The include directories, absolute (the whole list).</summary>
    public IReadOnlyList<string>? IncludePaths { get; init; }
    /// <summary>The extra flags (the whole list).</summary>
    public IReadOnlyList<string>? OtherFlags { get; init; }

    /// <summary>True when the tool overrides nothing.</summary>
    public bool IsEmpty => Optimization is null && DebugLevel is null && Defines is null && IncludePaths is null && OtherFlags is null;

    /// <summary>This override with <paramref name="inner"/>'s values on top (a file over its folder).</summary>
    public CubeIdeToolOverride Then(CubeIdeToolOverride inner) => new()
    {
        Optimization = inner.Optimization ?? Optimization,
        DebugLevel = inner.DebugLevel ?? DebugLevel,
        Defines = inner.Defines ?? Defines,
        IncludePaths = inner.IncludePaths ?? IncludePaths,
        OtherFlags = inner.OtherFlags ?? OtherFlags,
    };
}

/// <summary>
/// The settings of one folder or file of a CubeIDE configuration (CDT's <c>folderInfo</c> or <c>fileInfo</c> with a
/// <c>resourcePath</c>): what its compilers and assembler override. They apply to the sources under the folder (or to
/// the file), the most specific resource last.
/// </summary>
/// <param name="ResourcePath">The project-relative path, <c>/</c>-separated (<c>Drivers</c>, <c>Core/Src/main.c</c>).</param>
/// <param name="IsFile">True for a <c>fileInfo</c>.</param>
/// <param name="C">The C compiler's overrides.</param>
/// <param name="Cxx">The C++ compiler's overrides.</param>
/// <param name="Assembler">The assembler's overrides.</param>
public sealed record CubeIdeResourceSettings(string ResourcePath, bool IsFile, CubeIdeToolOverride C, CubeIdeToolOverride Cxx, CubeIdeToolOverride Assembler)
{
    /// <summary>True when the resource covers <paramref name="virtualPath"/> (the file itself, or a file under the folder).</summary>
    public bool Covers(string virtualPath)
    {
        var path = virtualPath.Replace('\\', '/').TrimStart('/');
        return IsFile
            ? string.Equals(path, ResourcePath, StringComparison.Ordinal)
            : path.StartsWith(ResourcePath + "/", StringComparison.Ordinal);
    }

    /// <summary>The tool override for a language.</summary>
    public CubeIdeToolOverride For(SourceLanguage language) => language switch
    {
        SourceLanguage.Cxx => Cxx,
        SourceLanguage.Assembler => Assembler,
        _ => C,
    };

    /// <summary>
    /// What the resources that cover <paramref name="virtualPath"/> override for <paramref name="language"/>:
    /// folders from the outermost in, then the file.
    /// </summary>
    public static CubeIdeToolOverride Effective(IEnumerable<CubeIdeResourceSettings> resources, string virtualPath, SourceLanguage language) =>
        resources.Where(r => r.Covers(virtualPath))
            .OrderBy(r => r.IsFile)
            .ThenBy(r => r.ResourcePath.Length)
            .Aggregate(new CubeIdeToolOverride(), (acc, r) => acc.Then(r.For(language)));

    /// <summary>The build settings of a source: <paramref name="settings"/> with <paramref name="o"/> applied.</summary>
    public static FirmwareBuildSettings Apply(FirmwareBuildSettings settings, CubeIdeToolOverride o, SourceLanguage language) => language switch
    {
        SourceLanguage.Assembler => settings with
        {
            AssemblerDebugLevel = o.DebugLevel ?? settings.AssemblerDebugLevel,
            AssemblerDefines = o.Defines ?? settings.AssemblerDefines,
            AssemblerIncludePaths = o.IncludePaths ?? settings.AssemblerIncludePaths,
            AssemblerOtherFlags = o.OtherFlags ?? settings.AssemblerOtherFlags,
        },
        SourceLanguage.Cxx => settings with
        {
            CxxOptimization = o.Optimization ?? settings.CxxOptimization,
            DebugLevel = o.DebugLevel ?? settings.DebugLevel,
            CxxDefines = o.Defines ?? settings.CxxDefines,
            CxxIncludePaths = o.IncludePaths ?? settings.CxxIncludePaths,
            CxxOtherFlags = o.OtherFlags ?? settings.CxxOtherFlags,
        },
        _ => settings with
        {
            Optimization = o.Optimization ?? settings.Optimization,
            DebugLevel = o.DebugLevel ?? settings.DebugLevel,
            CDefines = o.Defines ?? settings.CDefines,
            CIncludePaths = o.IncludePaths ?? settings.CIncludePaths,
            COtherFlags = o.OtherFlags ?? settings.COtherFlags,
        },
    };
}
