namespace Stm32.Build.Diagnostics;

public static partial class DiagnosticCodes
{
    // STM5700–STM5749: register tables generated from ST's CMSIS-SVD files (src/Stm32.Build.Core/Registers,
    // tools/Stm32.SvdGen).

    /// <summary>No register table has the requested name; the message lists the known names.</summary>
    public const string UnknownRegisterTable = "STM5700";

    /// <summary>A register table (embedded or given as a file) is malformed; the message names the file and line.</summary>
    public const string RegisterTableCorrupt = "STM5701";

    /// <summary>The generator cannot read an SVD file: not XML, or a required element is missing or malformed (file and line named).</summary>
    public const string SvdInvalid = "STM5710";

    /// <summary>A line of a corrections file is malformed: unknown target form, property or value, or no source cited.</summary>
    public const string SvdCorrectionInvalid = "STM5711";

    /// <summary>A correction does not apply: it selects no table, its target is missing (or already present for an
    /// addition), or it changes nothing in any table it selects (the SVD was fixed: remove the line).</summary>
    public const string SvdCorrectionNotApplicable = "STM5712";

    /// <summary>The generator's configuration (its table list) is malformed or names an SVD file that does not exist.</summary>
    public const string SvdGeneratorConfigInvalid = "STM5713";

    /// <summary>The checked-in register tables differ from what the generator produces (run the generator to update them).</summary>
    public const string RegisterTablesStale = "STM5714";
}
