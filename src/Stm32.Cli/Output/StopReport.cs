using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Reporting;

namespace Stm32.Cli.Output;

/// <summary>
/// The coded line (STM0010) printed when a termination signal stopped an operation: which signal, in which phase,
/// and what the target was left with — sectors erased, bytes programmed, which sectors now hold an incomplete image —
/// so nobody has to guess whether the board is half-written.
/// </summary>
internal static class StopReport
{
    /// <summary>Describes the state <paramref name="report"/> ended in after <paramref name="signal"/> during <paramref name="phase"/>.</summary>
    public static Diagnostic Describe(string signal, FlashReport report, FlashPhase? phase)
    {
        var where = phase is null ? "before the target was touched" : $"during {ProgressPrinter.Name(phase.Value)}";
        var erased = report.MassErased ? "both banks were erased" : report.SectorsErased.Count == 0 ? null
            : $"{report.SectorsErased.Count} sector(s) were erased ({string.Join(", ", report.SectorsErased)})";
        var state = report.Operation switch
        {
            "flash" when erased is null && report.BytesProgrammed == 0 => "nothing was erased or programmed: the flash is as it was",
            "flash" when report.Verify is null =>
                $"{erased ?? "nothing was erased"} and {report.BytesProgrammed} bytes were programmed before the stop, so "
                + (report.MassErased ? "the flash" : "those sectors")
                + " now hold an incomplete image (the firmware there will not run as it is); nothing outside them was touched; the flash was locked again. Run the same flash again to finish: sectors already correct are skipped",
            "flash" => $"the image was programmed (verify {report.Verify.Result}), but the boot was not confirmed"
                + (report.DelayGuard is null ? " and the delay guard did not run" : "") + "; run the flash again to confirm it (unchanged sectors are skipped)",
            "erase" => (erased ?? "nothing was erased") + "; the flash was locked again",
            "recover" => report.MassErased ? "both banks were erased but not proven blank; run recover again" : "nothing was erased; run recover again",
            "read" => "nothing was written",
            _ => "the target may be halted; run the command again",
        };
        return new Diagnostic(DiagnosticCodes.StoppedBySignal, DiagnosticSeverity.Error, $"stopped by {signal} {where}: {state}");
    }
}
