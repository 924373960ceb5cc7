using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

/// <summary>
/// Programs the STM32H74x/H75x embedded flash (both banks) through a debug session: unlock, clear stale errors,
/// erase sectors (both banks concurrently), program 256-bit flash words, the CRC unit, option bytes, relock.
/// Every wait is bounded by the datasheet's maximum time on the target clock and by a wall-clock cap; every
/// operation's status is checked for each error flag, reported by name with the address. Sequences follow
/// RM0399 4.3 (erase 4.3.10, program 4.3.9, CRC 4.3.12) and 4.4 (option bytes), as OpenOCD stm32h7x.c does them.
/// The pipeline sees it as an <see cref="IFlashDriver"/> (device data <c>"flashDriver": "stm32h7"</c>).
/// </summary>
public sealed partial class H7FlashDriver : IFlashDriver
{
    private readonly IDebugSession _session;
    private readonly DeviceDescription _device;
    private readonly int _ap;
    private readonly CancellationToken _cancellation;

    /// <summary>Creates the driver.</summary>
    /// <param name="session">The connected session; the cores should be halted.</param>
    /// <param name="device">The device (its flash banks, register base and flash word size).</param>
    /// <param name="parallelism">PSIZE for erase and program (from the target voltage).</param>
    /// <param name="cancellation">Cancels waits; the caller relocks in its finally.</param>
    public H7FlashDriver(IDebugSession session, DeviceDescription device, FlashParallelism parallelism, CancellationToken cancellation = default)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        if (!string.Equals(device.FlashDriver, "stm32h7", StringComparison.OrdinalIgnoreCase) || device.FlashWordSize != 32)
        {
            throw FlashErrors.Create(DiagnosticCodes.FlashDriverUnsupported,
                $"the {device.Name} flash ({device.FlashDriver}, {device.FlashWordSize}-byte flash word) is not programmable by the STM32H74x/H75x flash driver");
        }
        _ap = device.Cores[0].AccessPort;
        Parallelism = parallelism;
        _cancellation = cancellation;
    }

    /// <summary>The parallelism in use.</summary>
    public FlashParallelism Parallelism { get; }

    /// <summary>The parallelism and why it was chosen, for the report (set by <see cref="FlashDrivers"/>).</summary>
    public string? ParallelismNote { get; init; }

    /// <inheritdoc />
    string? IFlashDriver.Parallelism => ParallelismNote ?? Parallelism.ToString().ToLowerInvariant();

    /// <inheritdoc />
    public DeviceDescription Device => _device;

    /// <inheritdoc />
    public IReadOnlyList<FlashBank> Banks => _device.FlashBanks;

    /// <inheritdoc />
    public bool IsProven => true;

    /// <summary>The token for an operation: its own when it has one, otherwise the driver's.</summary>
    private CancellationToken Token(CancellationToken cancellationToken) => cancellationToken.CanBeCanceled ? cancellationToken : _cancellation;

    private uint PsizeBits => (uint)Parallelism << CrPsizeShift;

    private uint Reg(FlashBank bank, uint offset) => _device.FlashRegistersBase + bank.RegisterOffset + offset;

    private uint SharedReg(uint offset) => _device.FlashRegistersBase + offset;

    /// <summary>FLASH_SRx of <paramref name="bank"/>.</summary>
    public uint ReadStatus(FlashBank bank) => _session.ReadWord(_ap, Reg(bank, Sr));

    /// <summary>FLASH_CRx of <paramref name="bank"/>.</summary>
    public uint ReadControl(FlashBank bank) => _session.ReadWord(_ap, Reg(bank, Cr));

    /// <summary>Whether FLASH_CRx.LOCK is set.</summary>
    public bool IsLocked(FlashBank bank) => (ReadControl(bank) & CrLock) != 0;

    /// <summary>
    /// Unlocks FLASH_CRx with the KEY1/KEY2 sequence (RM0399 4.5.1) unless already unlocked, then clears stale
    /// error flags so that an old error is not blamed on this run.
    /// </summary>
    public void Unlock(FlashBank bank)
    {
        if ((ReadControl(bank) & CrLock) != 0)
        {
            _session.WriteWord(_ap, Reg(bank, Keyr), Key1);
            _session.WriteWord(_ap, Reg(bank, Keyr), Key2);
            var cr = ReadControl(bank);
            if ((cr & CrLock) != 0)
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashUnlockFailed,
                    $"flash bank {bank.Number} did not unlock: FLASH_CR{bank.Number} at {Diagnostic.Hex(Reg(bank, Cr))} still reads 0x{cr:X8} (LOCK set) after the key sequence; a wrong key sequence locks the bank until the next reset",
                    Reg(bank, Cr));
            }
        }
        _session.WriteWord(_ap, Reg(bank, Ccr), (uint)H7FlashErrors.All | SrEop | SrCrcEnd);
    }

    /// <inheritdoc />
    public IFlashUnlock Unlock(IEnumerable<FlashBank> banks)
    {
        try
        {
            foreach (var bank in banks.DistinctBy(b => b.Number))
            {
                Unlock(bank);
            }
        }
        catch
        {
            LockAllBestEffort();
            throw;
        }
        return new FlashUnlockScope(LockAllBestEffort);
    }

    /// <summary>Sets FLASH_CRx.LOCK (and nothing else, so PG/SER/BER are cleared).</summary>
    public void Lock(FlashBank bank) => _session.WriteWord(_ap, Reg(bank, Cr), CrLock);

    /// <summary>
    /// Locks every bank and the option register, swallowing failures (the caller is already failing or the probe is
    /// gone); returns the failures so that a successful run can still report them.
    /// </summary>
    public IReadOnlyList<Exception> LockAllBestEffort()
    {
        var failures = new List<Exception>();
        foreach (var bank in _device.FlashBanks)
        {
            try
            {
                Lock(bank);
            }
            catch (Stm32Exception ex)
            {
                failures.Add(ex);
            }
        }
        try
        {
            _session.WriteWord(_ap, SharedReg(OptCr), OptCrLock);
        }
        catch (Stm32Exception ex)
        {
            failures.Add(ex);
        }
        return failures;
    }

    /// <summary>Throws the coded error for any error flag in <paramref name="sr"/>, after clearing it.</summary>
    private void CheckErrors(FlashBank bank, uint sr, string operation, uint address)
    {
        var errors = H7FlashErrors.FromStatus(sr);
        if (errors == H7FlashError.None)
        {
            return;
        }
        try
        {
            _session.WriteWord(_ap, Reg(bank, Ccr), (uint)errors);
        }
        catch (Stm32Exception)
        {
            // Report the flag that failed the operation, not the failure to clear it.
        }
        var meanings = string.Join("; ", Enum.GetValues<H7FlashError>()
            .Where(f => f != H7FlashError.None && errors.HasFlag(f))
            .Select(f => $"{f}: {H7FlashErrors.Meaning(f)}"));
        throw new FlashException(new Diagnostic(DiagnosticCodes.FlashOperationError, DiagnosticSeverity.Error,
            $"FLASH_SR{bank.Number} reports {H7FlashErrors.Names(errors)} while {operation} at {Diagnostic.Hex(address)} ({meanings}); FLASH_SR{bank.Number} = 0x{sr:X8}",
            Address: address));
    }

    /// <summary>
    /// Polls FLASH_SRx until none of <paramref name="busyMask"/> is set, bounded by <paramref name="timeout"/>
    /// (an <see cref="OperationDeadline"/>: target time, busy polls on a wall clock, a wall-clock cap); returns the final status.
    /// </summary>
    private async Task<uint> WaitIdleAsync(FlashBank bank, uint busyMask, TimeSpan timeout, string operation, uint address, CancellationToken cancellationToken = default)
    {
        var ct = Token(cancellationToken);
        var clock = _session.Clock;
        var deadline = new OperationDeadline(clock, timeout);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var sr = ReadStatus(bank);
            if ((sr & busyMask) == 0)
            {
                return sr;
            }
            if (deadline.StillRunning())
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashTimeout,
                    $"flash bank {bank.Number} was still busy {timeout.TotalMilliseconds:0} ms after {operation} at {Diagnostic.Hex(address)} (the datasheet maximum): FLASH_SR{bank.Number} = 0x{sr:X8}",
                    address);
            }
            await clock.PauseAsync(TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
        }
    }
}
