namespace Stm32.Build.Diagnostics;

// STM1540–STM1549: source lines of firmware addresses (DWARF line information, Stm32.Build.Images.Debugging) and the
// board remembered after a healthy flash (Stm32.Build.Flashing.Boards).
public static partial class DiagnosticCodes
{
    /// <summary>The DWARF line information (<c>.debug_line</c>) ends inside a unit's header, a table or a line-number program: the source map is partial.</summary>
    public const string DebugLineTruncated = "STM1540";

    /// <summary>The line information uses what the reader does not support (a DWARF version other than 2–5, 64-bit DWARF, a non-4-byte address, compressed sections, string-offset forms): that unit is left out.</summary>
    public const string DebugLineUnsupported = "STM1541";

    /// <summary>A line-number program header has an impossible value (line_range 0, opcode_base 0, header_length past the unit, a table entry without a path).</summary>
    public const string DebugLineInvalidHeader = "STM1542";

    /// <summary>A string of the line information (DW_FORM_strp into <c>.debug_str</c>, DW_FORM_line_strp into <c>.debug_line_str</c>) is outside its section or not NUL-terminated.</summary>
    public const string DebugLineStringOutOfRange = "STM1543";

    /// <summary>A line-number program is malformed (an extended opcode whose length runs past the unit, an address that wraps past 4 GiB, a file index not in the table, a line below 1).</summary>
    public const string DebugLineInvalidProgram = "STM1544";

    /// <summary>The ELF file's section headers cannot be read to find the debugging sections: no source lines.</summary>
    public const string DebugSectionsUnreadable = "STM1545";

    /// <summary>A remembered board cannot be used: its file is corrupt (not JSON, truncated, too large, empty, wrong fields), not a regular file (a directory, a pipe, a dangling link), unreadable, or the store directory is a file. A warning: it is ignored (the preflight runs without it) and rewritten on the next healthy flash.</summary>
    public const string RememberedBoardStoreCorrupt = "STM1546";

    /// <summary>The remembered-board store could not be written (permissions, disk full); the flash itself succeeded.</summary>
    public const string RememberedBoardStoreUnwritable = "STM1547";

    /// <summary>After a healthy flash, the board's unique ID or supply configuration (PWR_CR3) could not be read through the debug port; nothing was remembered.</summary>
    public const string BoardObservationFailed = "STM1548";

    /// <summary>Information: what was observed on the board after a healthy flash and remembered (device, unique ID, PWR_CR3 and its supply configuration).</summary>
    public const string BoardObserved = "STM1549";
}
