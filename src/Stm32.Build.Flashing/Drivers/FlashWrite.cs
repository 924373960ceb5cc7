using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>Who writes the flash words: a loader on the target core, or the host through the debug port.</summary>
public enum ProgramPath
{
    /// <summary>The loader where the family has one and it can run, otherwise the host.</summary>
    Auto,
    /// <summary>Only the loader: where the family has none or it cannot run, the flash fails with a coded error (STM4903) instead of falling back to the host.</summary>
    Loader,
    /// <summary>The host writes every flash word through the debug port.</summary>
    Host,
}

/// <summary>How <see cref="IFlashDriver.EraseAndProgramAsync"/> runs and whom it tells.</summary>
public sealed record FlashWriteOptions
{
    /// <summary>The clock the phases are timed on (the target's).</summary>
    public required ITargetClock Clock { get; init; }

    /// <summary>The path asked for.</summary>
    public ProgramPath Path { get; init; } = ProgramPath.Auto;

    /// <summary>Told after each unit is erased.</summary>
    public Action<FlashSector>? Erased { get; init; }

    /// <summary>Told as bytes are programmed.</summary>
    public Action<ProgramProgress>? Programmed { get; init; }
}

/// <summary>One phase of an erase-and-program step on the target clock, with the datasheet limit for the same work.</summary>
/// <param name="Duration">From the phase's first action to its last completion (phases may overlap).</param>
/// <param name="Bytes">The bytes erased or programmed.</param>
/// <param name="Limit">The time the flash itself needs for this work by the datasheet's typical figures (banks in parallel), when the family has them.</param>
public sealed record FlashPhaseTiming(TimeSpan Duration, long Bytes, TimeSpan? Limit);

/// <summary>What an erase-and-program step did and how long it took.</summary>
/// <param name="Path">Who wrote the flash words: <c>loader</c> or <c>host</c>.</param>
/// <param name="Reason">Why the host-driven path was used (null when the loader ran, or the host was asked for and ran).</param>
/// <param name="Erase">The erase phase.</param>
/// <param name="Program">The program phase.</param>
/// <param name="Combined">Erase and program together (they overlap on the loader path).</param>
public sealed record FlashWriteOutcome(string Path, string? Reason, FlashPhaseTiming Erase, FlashPhaseTiming Program, FlashPhaseTiming Combined)
{
    /// <summary>The loader path's name in reports.</summary>
    public const string LoaderPath = "loader";

    /// <summary>The host-driven path's name in reports.</summary>
    public const string HostPath = "host";
}

/// <summary>The host-driven erase-and-program step every driver can do: erase the plan, then program it.</summary>
public static class FlashWrite
{
    /// <summary>Erases <paramref name="erase"/>, then programs <paramref name="program"/>, timing each phase.</summary>
    /// <param name="driver">The driver (banks unlocked).</param>
    /// <param name="erase">The units to erase.</param>
    /// <param name="program">The flash words to program afterwards.</param>
    /// <param name="options">Clock and callbacks.</param>
    /// <param name="reason">Why the host-driven path runs, for the outcome.</param>
    /// <param name="limits">The datasheet limits (erase, program, both), when the family has them.</param>
    /// <param name="cancellationToken">Cancels the waits.</param>
    public static async Task<FlashWriteOutcome> SequentialAsync(IFlashDriver driver, FlashErasePlan erase, FlashProgramPlan program,
        FlashWriteOptions options, string? reason = null, (TimeSpan Erase, TimeSpan Program, TimeSpan Both)? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(erase);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        var clock = options.Clock;
        var start = clock.Now;
        if (!erase.IsEmpty)
        {
            await driver.EraseAsync(erase, options.Erased, cancellationToken).ConfigureAwait(false);
        }
        var erased = clock.Now;
        if (program.Bytes > 0)
        {
            await driver.ProgramAsync(program, options.Programmed, cancellationToken).ConfigureAwait(false);
        }
        var end = clock.Now;
        return new FlashWriteOutcome(FlashWriteOutcome.HostPath, reason,
            new FlashPhaseTiming(erased - start, erase.Bytes, limits?.Erase),
            new FlashPhaseTiming(end - erased, program.Bytes, limits?.Program),
            new FlashPhaseTiming(end - start, erase.Bytes + program.Bytes, limits?.Both));
    }
}
