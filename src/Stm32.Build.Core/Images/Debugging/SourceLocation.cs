namespace Stm32.Build.Images.Debugging;

/// <summary>The source line an instruction address came from, per the DWARF line information.</summary>
/// <param name="File">The file's path as the line table gives it: its directory and name joined with '/' (the name
/// alone when it is absolute or its directory is the implicit compilation directory of DWARF 2–4).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column, 0 when unknown.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary><c>File:Line</c>, the form compilers and addr2line print.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}");
}
