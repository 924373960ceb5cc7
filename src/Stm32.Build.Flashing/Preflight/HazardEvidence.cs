using Stm32.Build.Diagnostics;

namespace Stm32.Build.Flashing;

/// <summary>The kind of cause a piece of evidence points at, in the order STM4501 lists them when nothing is known.</summary>
public enum HazardCause
{
    /// <summary>The supply configuration (PWR_CR3) does not match the board's SMPS/LDO wiring.</summary>
    Supply,
    /// <summary>The SWD pins PA13/PA14 are reassigned.</summary>
    SwdPins,
    /// <summary>A low-power mode is entered without the DBGMCU debug bits.</summary>
    LowPower,
    /// <summary>The option bytes are changed (BCM7/BCM4, RDP, boot addresses, write protection).</summary>
    OptionBytes,
    /// <summary>Anything else the dry run saw (a watchdog, a fault, an endless wait, flash writes).</summary>
    Other,
}

/// <summary>
/// What a dry run of the images on the virtual board showed before anything was programmed (the preflight's
/// findings in the pipeline's own terms, so the pipeline needs no reference to the virtual board): the recovery
/// diagnostic (STM4501) ranks its likely causes by it.
/// </summary>
/// <param name="Code">The finding's code (STM15xx).</param>
/// <param name="Severity">Its severity.</param>
/// <param name="Cause">What it points at.</param>
/// <param name="Summary">What the image does, with the value, the time after reset and the function (file:line), e.g.
/// "the image configures direct SMPS (PWR_CR3 = 0x04) 2.1 ms after reset in HAL_PWREx_ConfigSupply (pwr.c:27)".</param>
public sealed record HazardEvidence(string Code, DiagnosticSeverity Severity, HazardCause Cause, string Summary);

/// <summary>The preflight's verdict for the target on the probe.</summary>
/// <param name="Evidence">What the dry run showed.</param>
/// <param name="Diagnostics">Its findings as diagnostics, for the report (errors already lowered to warnings when hazards are allowed).</param>
/// <param name="Stop">Whether the flash must stop before anything is erased.</param>
public sealed record PreflightVerdict(IReadOnlyList<HazardEvidence> Evidence, IReadOnlyList<Diagnostic> Diagnostics, bool Stop);

/// <summary>
/// Runs the preflight for the target the pipeline is connected to, before anything is erased: called with the chip's
/// 96-bit unique ID (<c>XXXXXXXX-XXXXXXXX-XXXXXXXX</c>, null when it could not be read) so a remembered board can be used.
/// </summary>
public delegate PreflightVerdict PreflightGate(string? uniqueId, CancellationToken cancellationToken);
