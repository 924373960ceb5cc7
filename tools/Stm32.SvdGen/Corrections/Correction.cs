namespace Stm32.SvdGen.Corrections;

/// <summary>What a correction does to its target.</summary>
internal enum CorrectionKind
{
    /// <summary>Changes properties of an existing element.</summary>
    Modify,
    /// <summary>Adds an element that the SVD lacks (the path starts with <c>+</c>).</summary>
    Add,
    /// <summary>Removes an element the part does not have (the path starts with <c>-</c>).</summary>
    Delete,
}

/// <summary>
/// One line of a corrections file: which tables, which element, what changes, and the manual section that says so.
/// </summary>
/// <param name="File">The corrections file (for messages).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Tables">Table-name patterns (<c>*</c>, <c>?</c>, <c>[..]</c> globs), comma-separated in the file.</param>
/// <param name="Kind">Modify, add or delete.</param>
/// <param name="Target">The element.</param>
/// <param name="Properties">The changes, in file order (key, value).</param>
/// <param name="Source">The manual section (or other source) that justifies the line.</param>
internal sealed record Correction(
    string File,
    int Line,
    IReadOnlyList<string> Tables,
    CorrectionKind Kind,
    CorrectionTarget Target,
    IReadOnlyList<KeyValuePair<string, string>> Properties,
    string Source)
{
    /// <summary>Where the line is, for messages: <c>file(line)</c>.</summary>
    public string Where => $"{File}({Line})";
}

/// <summary>
/// The element a correction addresses: a peripheral (<c>P</c>), a register (<c>P.R</c>), a field (<c>P.R.F</c>) or
/// an interrupt (<c>P@NAME</c>). The peripheral part may be a glob (<c>GPIO[C-K]</c>); register and field names are
/// exact.
/// </summary>
/// <param name="Peripheral">The peripheral name or glob.</param>
/// <param name="Register">The register name, or null.</param>
/// <param name="Field">The field name, or null.</param>
/// <param name="Interrupt">The interrupt name, or null.</param>
internal sealed record CorrectionTarget(string Peripheral, string? Register, string? Field, string? Interrupt)
{
    /// <inheritdoc />
    public override string ToString() =>
        Interrupt is not null ? $"{Peripheral}@{Interrupt}"
        : Field is not null ? $"{Peripheral}.{Register}.{Field}"
        : Register is not null ? $"{Peripheral}.{Register}"
        : Peripheral;
}
