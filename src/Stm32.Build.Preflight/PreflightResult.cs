using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Preflight;

/// <summary>One thing the image will do to the board, with where and when.</summary>
/// <param name="Code">The stable STM15xx code.</param>
/// <param name="Severity">Error: the board becomes unreachable or is changed for good; warning: it needs attention; info.</param>
/// <param name="Message">What happens, with the value, the time after reset, the PC, the function and file:line where known.</param>
/// <param name="Consequence">What the engineer will see on the real board, in plain words.</param>
/// <param name="Remedy">What to do.</param>
public sealed record PreflightFinding(string Code, DiagnosticSeverity Severity, string Message, string Consequence, string Remedy)
{
    /// <summary>The core whose instruction did it, or null.</summary>
    public string? Core { get; init; }

    /// <summary>Virtual milliseconds after reset, or null.</summary>
    public double? TimeMs { get; init; }

    /// <summary>The address of the instruction (or of the register/flash) the finding is about, or null.</summary>
    public uint? Address { get; init; }

    /// <summary>The value written or read (PWR_CR3, the register polled), or null.</summary>
    public uint? Value { get; init; }

    /// <summary>The function and offset of <see cref="Address"/>, e.g. <c>SystemClock_Config+0x1a</c>, or null.</summary>
    public string? Symbol { get; init; }

    /// <summary>file:line of <see cref="Address"/> when the image has line information, or null.</summary>
    public string? Source { get; init; }

    /// <summary>The image file the finding belongs to, or null.</summary>
    public string? File { get; init; }

    /// <summary>Whether this finding is a hazard (error or warning).</summary>
    public bool IsHazard => Severity != DiagnosticSeverity.Info;

    /// <summary>The finding as a coded diagnostic (message, consequence and remedy in one line) with another severity if asked.</summary>
    public Diagnostic ToDiagnostic(DiagnosticSeverity? severity = null) =>
        new(Code, severity ?? Severity, $"{Message}. {Consequence}. {Remedy}", File, Address: Address);

    /// <inheritdoc />
    public override string ToString() => ToDiagnostic().ToCanonicalString();
}

/// <summary>Where a core was when the dry run ended.</summary>
/// <param name="Core">The core's name.</param>
/// <param name="State">running, sleeping, deep-sleep, halted, locked-up, unpowered, not-run.</param>
/// <param name="Pc">The next instruction's address.</param>
/// <param name="Symbol">The function it is in, or null.</param>
/// <param name="Instructions">Instructions retired.</param>
public sealed record PreflightCoreState(string Core, string State, uint Pc, string? Symbol, long Instructions)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Core}: {State} at 0x{Pc:X8}{(Symbol is null ? "" : " in " + Symbol)}, {Instructions} instructions");
}

/// <summary>The outcome of a dry run.</summary>
/// <param name="Findings">Everything found, in time order.</param>
/// <param name="Cores">Each core's state at the end.</param>
/// <param name="Simulated">Virtual time run.</param>
/// <param name="HostTime">Host time taken.</param>
/// <param name="Board">The board it ran on, in words (declared, remembered or assumed).</param>
public sealed record PreflightResult(IReadOnlyList<PreflightFinding> Findings, IReadOnlyList<PreflightCoreState> Cores,
    TimeSpan Simulated, TimeSpan HostTime, string Board)
{
    /// <summary>Whether any finding is an error.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == DiagnosticSeverity.Error);

    /// <summary>The hazards (errors and warnings).</summary>
    public IEnumerable<PreflightFinding> Hazards => Findings.Where(f => f.IsHazard);

    /// <summary>The console text the board's virtual COM port received (what the firmware printed), for reports.</summary>
    public string Console { get; init; } = "";

    /// <summary>The supply configuration (PWR_CR3) the firmware latched, or null when it latched none.</summary>
    public uint? SupplyLatched { get; init; }
}
