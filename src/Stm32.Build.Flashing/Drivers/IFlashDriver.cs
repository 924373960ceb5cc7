using Stm32.Build.Devices;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>
/// What the flashing pipeline asks of a family's flash interface. A family is device data plus one of these,
/// chosen by <see cref="DeviceDescription.FlashDriver"/> (<see cref="FlashDrivers.Create"/>). Every wait is bounded
/// by the family's datasheet maximum; every error flag is reported by name with the address (STM41xx).
/// </summary>
public interface IFlashDriver
{
    /// <summary>The device.</summary>
    DeviceDescription Device { get; }

    /// <summary>The banks in effect (the organisation the bank-mode option bit selects).</summary>
    IReadOnlyList<FlashBank> Banks { get; }

    /// <summary>The program/erase parallelism in use and why, e.g. <c>x64 (target voltage 3.30 V ≥ 1.8 V)</c>; null where the family has none.</summary>
    string? Parallelism { get; }

    /// <summary>Whether the driver has been proven on a virtual chip of its family (false: written against the manual only).</summary>
    bool IsProven { get; }

    /// <summary>The checksum the target can compute over an erase unit, or null when units are checked by read-back.</summary>
    IFlashChecksum? Checksum { get; }

    /// <summary>Reads the protection state: RDP level, write-protected units, PCROP/secure areas.</summary>
    FlashProtection ReadProtection();

    /// <summary>Reads the option bytes in effect.</summary>
    OptionBytesState ReadOptionBytes();

    /// <summary>
    /// Unlocks <paramref name="banks"/> for erase and program and clears stale error flags. Disposing the scope
    /// relocks every bank and the option register in every exit path (best effort; failures are kept in the scope).
    /// </summary>
    IFlashUnlock Unlock(IEnumerable<FlashBank> banks);

    /// <summary>The erase plan for units the images touch: exactly those, never more.</summary>
    FlashErasePlan PlanErase(IEnumerable<FlashSector> sectors);

    /// <summary>Erases the plan (the banks must be unlocked); <paramref name="erased"/> is told after each unit.</summary>
    Task EraseAsync(FlashErasePlan plan, Action<FlashSector>? erased, CancellationToken cancellationToken);

    /// <summary>Erases whole banks (only on request: <c>--mass-erase</c>, recover).</summary>
    Task MassEraseAsync(IReadOnlyList<FlashBank> banks, CancellationToken cancellationToken);

    /// <summary>Programs the whole plan (the banks must be unlocked and the units erased).</summary>
    Task ProgramAsync(FlashProgramPlan plan, Action<ProgramProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Erases <paramref name="erase"/> and programs <paramref name="program"/> (the banks must be unlocked; units
    /// of <paramref name="program"/> outside <paramref name="erase"/> must be erased already). A driver may overlap
    /// the two and stream through a loader on the target core; a driver without one erases, then programs
    /// (<see cref="FlashWrite.SequentialAsync"/>).
    /// </summary>
    Task<FlashWriteOutcome> EraseAndProgramAsync(FlashErasePlan erase, FlashProgramPlan program, FlashWriteOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that every requested option can be written on this part (before the probe is touched).
    /// </summary>
    /// <exception cref="FlashException">A value cannot be written as asked (STM4314) or RDP 2 is not confirmed (STM4304).</exception>
    void ValidateOptionBytes(OptionBytesRequest request);

    /// <summary>Writes the requested option bytes and returns those in effect afterwards.</summary>
    Task<OptionBytesState> WriteOptionBytesAsync(OptionBytesRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Regresses readout protection from level 1 to level 0: the chip mass-erases the flash as part of the option
    /// change. Returns the option bytes in effect afterwards.
    /// </summary>
    Task<OptionBytesState> RegressReadoutProtectionAsync(CancellationToken cancellationToken);
}

/// <summary>An unlocked flash; disposing it relocks every bank and the option register.</summary>
public interface IFlashUnlock : IDisposable
{
    /// <summary>The failures to relock, after disposal (empty when every lock held).</summary>
    IReadOnlyList<Exception> LockFailures { get; }
}

/// <summary>An <see cref="IFlashUnlock"/> that runs a relock action once.</summary>
public sealed class FlashUnlockScope(Func<IReadOnlyList<Exception>> relock) : IFlashUnlock
{
    private bool _disposed;

    /// <inheritdoc />
    public IReadOnlyList<Exception> LockFailures { get; private set; } = [];

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        LockFailures = relock();
    }
}
