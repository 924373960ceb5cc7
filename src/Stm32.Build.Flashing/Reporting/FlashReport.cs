using System.Text.Json;
using System.Text.Json.Serialization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Flashing.Reporting;

/// <summary>The machine-readable record of one run (flash, erase, recover, reset, read); serialised as JSON.</summary>
public sealed class FlashReport
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The operation: flash, erase, recover, reset, read.</summary>
    public string Operation { get; set; } = "flash";

    /// <summary>Whether the run succeeded (no error diagnostic).</summary>
    public bool Succeeded => Error is null;

    /// <summary>The device name.</summary>
    public string? Device { get; set; }

    /// <summary>The probe (display name) and its selection string.</summary>
    public string? Probe { get; set; }

    /// <summary>The connection: mode used, DP IDCODE, DEV_ID, REV_ID, flash size.</summary>
    public ConnectionReport? Connection { get; set; }

    /// <summary>The images: file, core, CRC of their bytes.</summary>
    public List<ImageReport> Images { get; } = [];

    /// <summary>The measured target voltage in volts.</summary>
    public double? TargetVoltage { get; set; }

    /// <summary>The flash driver used (the device data's <c>flashDriver</c>, e.g. <c>stm32h7</c>).</summary>
    public string? FlashDriver { get; set; }

    /// <summary>The protection state read before anything was erased.</summary>
    public ProtectionReport? Protection { get; set; }

    /// <summary>The program/erase parallelism used (x64, x32) and why.</summary>
    public string? Parallelism { get; set; }

    /// <summary>Sectors the image touches.</summary>
    public int SectorsTouched { get; set; }

    /// <summary>Sectors erased (bank and sector, e.g. <c>1:0</c>).</summary>
    public List<string> SectorsErased { get; } = [];

    /// <summary>Sectors left untouched because their CRC already matched.</summary>
    public List<string> SectorsSkipped { get; } = [];

    /// <summary>Whether both banks were erased entirely.</summary>
    public bool MassErased { get; set; }

    /// <summary>Bytes programmed (whole flash words).</summary>
    public long BytesProgrammed { get; set; }

    /// <summary>Who wrote the flash words: <c>loader</c> (the RAM loader on the target core) or <c>host</c>.</summary>
    public string? ProgramPath { get; set; }

    /// <summary>Why the host wrote them (the loader could not run, or the family has none); null otherwise.</summary>
    public string? ProgramPathReason { get; set; }

    /// <summary>
    /// Per phase (compare, erase, program, erase+program, verify): target time, bytes, KiB/s, who did it and the
    /// time the datasheet's typical figures give for the same work (banks in parallel) with the ratio.
    /// </summary>
    public List<PhaseReport> Phases { get; } = [];

    /// <summary>The verify result: mode, outcome, sectors checked, whether the CRC unit disagreed.</summary>
    public VerifyReport? Verify { get; set; }

    /// <summary>The option bytes in effect (and after writing, when written).</summary>
    public OptionBytesReport? OptionBytes { get; set; }

    /// <summary>Boot confirmation per core.</summary>
    public List<BootReport> Boot { get; } = [];

    /// <summary>The delay guard result.</summary>
    public DelayGuardReport? DelayGuard { get; set; }

    /// <summary>What the board was seen to run with after a healthy flash (unique ID, PWR_CR3, supply), when observed.</summary>
    public BoardObservationReport? Board { get; set; }

    /// <summary>Durations of the phases in milliseconds (target time).</summary>
    public Dictionary<string, double> DurationsMs { get; } = [];

    /// <summary>The virtual board's counters, when the target is the virtual board.</summary>
    public Dictionary<string, object>? BoardCounters { get; set; }

    /// <summary>Every finding (warnings, information), in order; the error last.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The failure, when the run failed.</summary>
    public Diagnostic? Error { get; set; }

    /// <summary>The likely causes of the failure, ranked (recovery diagnostic).</summary>
    public List<string> LikelyCauses { get; } = [];

    /// <summary>The exact recovery steps (recovery diagnostic).</summary>
    public List<string> RecoverySteps { get; } = [];

    /// <summary>The exception behind <see cref="Error"/>, for callers that want to rethrow it (not serialised).</summary>
    [JsonIgnore]
    public Exception? Exception { get; set; }

    /// <summary>Rethrows the failure, if any.</summary>
    public void ThrowIfFailed()
    {
        if (Exception is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(Exception).Throw();
        }
    }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);
}

/// <summary>One phase of a flash run.</summary>
/// <param name="Name">compare, erase, program, erase+program or verify.</param>
/// <param name="Ms">Target time in milliseconds (erase and program overlap on the loader path).</param>
/// <param name="Bytes">The bytes the phase erased, programmed or checked.</param>
/// <param name="KiBPerSecond">Bytes over time, in KiB/s (null for a phase that took no time).</param>
/// <param name="Path">Who did it: <c>loader</c> or <c>host</c> (null where it does not apply).</param>
/// <param name="LimitMs">The datasheet's typical time for the same work, banks in parallel (null where the family has no figures).</param>
/// <param name="Ratio">Ms over LimitMs.</param>
public sealed record PhaseReport(string Name, double Ms, long Bytes, double? KiBPerSecond, string? Path, double? LimitMs, double? Ratio)
{
    /// <summary>The phase from its duration, bytes, path and limit.</summary>
    public static PhaseReport Of(string name, TimeSpan duration, long bytes, string? path, TimeSpan? limit)
    {
        var ms = Math.Round(duration.TotalMilliseconds, 3);
        double? rate = duration > TimeSpan.Zero ? Math.Round(bytes / 1024.0 / duration.TotalSeconds, 1) : null;
        double? limitMs = limit is { } l ? Math.Round(l.TotalMilliseconds, 3) : null;
        double? ratio = limit is { } m && m > TimeSpan.Zero ? Math.Round(duration.Divide(m), 3) : null;
        return new PhaseReport(name, ms, bytes, rate, path, limitMs, ratio);
    }
}

/// <summary>The connection part of a report.</summary>
public sealed record ConnectionReport(string Mode, string DpIdcode, string DevId, string RevId, string? Revision, int? FlashSizeKiB, int Attempts);

/// <summary>One image of a report.</summary>
public sealed record ImageReport(string File, string? Core, long Bytes, string Crc32, string? BootAddress);

/// <summary>The verify part of a report.</summary>
public sealed record VerifyReport(string Mode, string Result, int SectorsChecked, bool CrcDisagreed, string? FirstMismatch);

/// <summary>The option bytes part of a report.</summary>
public sealed record OptionBytesReport(string Summary, int RdpLevel, string BootCm7Address0, string? BootCm4Address0, bool? Bcm7, bool? Bcm4, bool Written);

/// <summary>The protection part of a report.</summary>
/// <param name="RdpLevel">The readout protection level (0, 1, 2).</param>
/// <param name="Rdp">The RDP field's raw value.</param>
/// <param name="WriteProtected">The write-protected sectors or pages (<c>BANK:INDEX</c>).</param>
/// <param name="Areas">The PCROP and secure areas in force.</param>
/// <param name="Summary">One line for people.</param>
public sealed record ProtectionReport(int RdpLevel, string Rdp, IReadOnlyList<string> WriteProtected, IReadOnlyList<string> Areas, string Summary);

/// <summary>Boot confirmation of one core.</summary>
public sealed record BootReport(string Core, bool Confirmed, string ExpectedPc, string ActualPc, string ExpectedSp, string ActualSp);

/// <summary>The delay guard part of a report.</summary>
/// <param name="GuardMs">The configured guard.</param>
/// <param name="Result">passed, lost-regained, lost-unrecoverable, disabled.</param>
/// <param name="LastAnswerMs">Target time after release at which the debug port last answered.</param>
/// <param name="FirstSilenceMs">Target time after release at which it first did not answer.</param>
/// <param name="Polls">How many times the debug port was asked.</param>
public sealed record DelayGuardReport(double GuardMs, string Result, double? LastAnswerMs, double? FirstSilenceMs, int Polls);

/// <summary>The board observed after a healthy flash (and remembered by its unique ID).</summary>
/// <param name="UniqueId">The 96-bit unique ID, <c>XXXXXXXX-XXXXXXXX-XXXXXXXX</c>.</param>
/// <param name="Device">The device name.</param>
/// <param name="PwrCr3">PWR_CR3 as read, <c>0x...</c>.</param>
/// <param name="SupplyName">The HAL name of the supply configuration it selects, or null.</param>
/// <param name="Observed">When (wall clock).</param>
/// <param name="RememberedIn">The store file it was remembered in, or null when it was not.</param>
public sealed record BoardObservationReport(string UniqueId, string Device, string PwrCr3, string? SupplyName, DateTimeOffset Observed, string? RememberedIn);
