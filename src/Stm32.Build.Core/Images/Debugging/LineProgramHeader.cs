namespace Stm32.Build.Images.Debugging;

/// <summary>
/// The parts of a line-number program header (DWARF 4/5, 6.2.4) the state machine needs, and the unit's directory
/// and file tables with the file paths resolved lazily (directory and name joined with '/').
/// </summary>
internal sealed class LineProgramHeader
{
    public int Version { get; init; }

    public byte MinimumInstructionLength { get; init; }

    /// <summary>maximum_operations_per_instruction (DWARF 4+; 1 before), never 0.</summary>
    public byte MaximumOperationsPerInstruction { get; init; }

    public bool DefaultIsStmt { get; init; }

    public sbyte LineBase { get; init; }

    /// <summary>line_range, never 0.</summary>
    public byte LineRange { get; init; }

    /// <summary>opcode_base, never 0.</summary>
    public byte OpcodeBase { get; init; }

    /// <summary>standard_opcode_lengths: the ULEB128 operand count of standard opcode N at [N - 1].</summary>
    public byte[] StandardOpcodeLengths { get; init; } = [];

    /// <summary>
    /// The directory table in DWARF file-register numbering: DWARF 5 lists entry 0 (the compilation directory)
    /// itself; DWARF 2–4 leave it implicit, so entry 0 here is empty and include_directories start at 1.
    /// </summary>
    public List<string> Directories { get; } = [];

    /// <summary>
    /// The file table in file-register numbering: DWARF 5 numbers from 0; DWARF 2–4 from 1, so entry 0 here is a
    /// placeholder that no row may use.
    /// </summary>
    public List<(string Name, ulong Directory)> Files { get; } = [];

    /// <summary>Whether file entry 0 is a placeholder (DWARF 2–4).</summary>
    public bool FileZeroInvalid => Version < 5;

    /// <summary>The path of file <paramref name="index"/>: its directory and name joined, the name alone when it is
    /// absolute or its directory is the implicit compilation directory; null when the index is not in the table.</summary>
    public string? PathOf(ulong index)
    {
        if (index >= (ulong)Files.Count || (index == 0 && FileZeroInvalid))
        {
            return null;
        }
        var (name, directory) = Files[(int)index];
        if (IsAbsolute(name) || directory >= (ulong)Directories.Count)
        {
            return name;
        }
        var dir = Directories[(int)directory];
        return dir.Length == 0 ? name : dir.TrimEnd('/') + "/" + name;
    }

    private static bool IsAbsolute(string path) =>
        path.Length > 0 && (path[0] is '/' or '\\' || (path.Length >= 2 && path[1] == ':'));
}
