using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Families;

/// <summary>One error flag of a family's FLASH_SR: its name in the reference manual, its bit, and what it means.</summary>
/// <param name="Name">The flag, e.g. <c>PGAERR</c>.</param>
/// <param name="Bit">Its bit in FLASH_SR.</param>
/// <param name="Meaning">One phrase for people.</param>
internal sealed record FlashErrorFlag(string Name, int Bit, string Meaning)
{
    public uint Mask => 1u << Bit;
}

/// <summary>
/// What the single-register-set flash interfaces of the STM32F1, F4/F7 and G0/G4/L4 have in common: one key
/// register, one status and one control register for every bank (STM32 reference manuals: FLASH_KEYR unlock with
/// KEY1 0x45670123 / KEY2 0xCDEF89AB, FLASH_OPTKEYR with 0x08192A3B / 0x4C5D6E7F), BSY polling bounded by the
/// datasheet maximum on the target clock, error flags by name, the bank organisation the bank-mode option selects,
/// and protection from the device data. The families supply offsets, bits, flags, sequences and timings.
/// A driver is proven (<see cref="IsProven"/>) for the families whose virtual chip it has flashed end to end; the
/// others are written against the manuals only.
/// </summary>
internal abstract class RegisterFlashDriver : IFlashDriver
{
    /// <summary>KEY1/KEY2 of FLASH_KEYR (all these families).</summary>
    protected const uint Key1 = 0x4567_0123, Key2 = 0xCDEF_89AB;

    /// <summary>OPTKEY1/OPTKEY2 of FLASH_OPTKEYR (all these families).</summary>
    protected const uint OptKey1 = 0x0819_2A3B, OptKey2 = 0x4C5D_6E7F;

    /// <summary>Added to every bound for the probe's own latency.</summary>
    protected static readonly TimeSpan PollSlack = TimeSpan.FromMilliseconds(50);

    private readonly CancellationToken _cancellation;

    protected RegisterFlashDriver(IDebugSession session, DeviceDescription device, CancellationToken cancellation)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Device = device ?? throw new ArgumentNullException(nameof(device));
        AccessPort = device.Cores[0].AccessPort;
        _cancellation = cancellation;
        Banks = ResolveBanks();
    }

    /// <summary>The session.</summary>
    protected IDebugSession Session { get; }

    /// <summary>The access port of the primary core (the system bus).</summary>
    protected int AccessPort { get; }

    /// <inheritdoc />
    public DeviceDescription Device { get; }

    /// <inheritdoc />
    public IReadOnlyList<FlashBank> Banks { get; }

    /// <inheritdoc />
    public virtual string? Parallelism => null;

    /// <inheritdoc />
    public virtual bool IsProven => false;

    /// <inheritdoc />
    public IFlashChecksum? Checksum => null;

    /// <summary>FLASH_KEYR, FLASH_OPTKEYR, FLASH_SR and FLASH_CR offsets.</summary>
    protected abstract uint KeyrOffset { get; }
    protected abstract uint OptKeyrOffset { get; }
    protected abstract uint SrOffset { get; }
    protected abstract uint CrOffset { get; }

    /// <summary>FLASH_CR.LOCK.</summary>
    protected abstract uint CrLock { get; }

    /// <summary>The FLASH_SR bits that say an operation is running (BSY, and CFGBSY on the G0).</summary>
    protected abstract uint SrBusy { get; }

    /// <summary>The FLASH_SR bits written to clear flags (error flags and EOP).</summary>
    protected abstract uint SrClearMask { get; }

    /// <summary>The family's error flags.</summary>
    protected abstract IReadOnlyList<FlashErrorFlag> ErrorFlags { get; }

    /// <summary>The datasheet maximum for erasing <paramref name="sector"/>.</summary>
    protected abstract TimeSpan EraseMax(FlashSector sector);

    /// <summary>The datasheet maximum for a mass erase.</summary>
    protected abstract TimeSpan MassEraseMax { get; }

    /// <summary>The datasheet maximum for programming one programming unit.</summary>
    protected abstract TimeSpan UnitProgramMax { get; }

    protected uint Reg(uint offset) => Device.FlashRegistersBase + offset;

    protected uint ReadStatus() => Session.ReadWord(AccessPort, Reg(SrOffset));

    protected uint ReadControl() => Session.ReadWord(AccessPort, Reg(CrOffset));

    protected void WriteControl(uint value) => Session.WriteWord(AccessPort, Reg(CrOffset), value);

    protected CancellationToken Token(CancellationToken cancellationToken) => cancellationToken.CanBeCanceled ? cancellationToken : _cancellation;

    /// <inheritdoc />
    public FlashProtection ReadProtection() => FlashProtection.Read(Device, Banks, a => Session.ReadWord(AccessPort, a));

    /// <inheritdoc />
    public virtual OptionBytesState ReadOptionBytes()
    {
        var protection = ReadProtection();
        var fields = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        var parts = new List<string> { $"RDP level {OptionBytesState.LevelText(protection.RdpLevel, protection.RdpValue)}" };
        foreach (var register in Device.OptionRegisters)
        {
            var value = Session.ReadWord(AccessPort, Reg(register.Offset));
            foreach (var field in register.Fields)
            {
                fields[$"{register.Name}.{field.Name}"] = field.Get(value);
            }
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{register.Name} 0x{value:X8}"));
        }
        return new OptionBytesState { RdpLevel = protection.RdpLevel, Summary = string.Join(", ", parts), Fields = fields };
    }

    /// <inheritdoc />
    public IFlashUnlock Unlock(IEnumerable<FlashBank> banks)
    {
        try
        {
            if ((ReadControl() & CrLock) != 0)
            {
                Session.WriteWord(AccessPort, Reg(KeyrOffset), Key1);
                Session.WriteWord(AccessPort, Reg(KeyrOffset), Key2);
                var cr = ReadControl();
                if ((cr & CrLock) != 0)
                {
                    throw FlashErrors.Create(DiagnosticCodes.FlashUnlockFailed,
                        $"the {Device.Name} flash did not unlock: FLASH_CR at {Diagnostic.Hex(Reg(CrOffset))} still reads 0x{cr:X8} (LOCK set) after the key sequence", Reg(CrOffset));
                }
            }
            Session.WriteWord(AccessPort, Reg(SrOffset), SrClearMask);
        }
        catch
        {
            LockBestEffort();
            throw;
        }
        return new FlashUnlockScope(LockBestEffort);
    }

    /// <summary>Sets FLASH_CR.LOCK (the option lock follows it on these families).</summary>
    protected virtual IReadOnlyList<Exception> LockBestEffort()
    {
        try
        {
            WriteControl(CrLock);
            return [];
        }
        catch (Stm32Exception ex)
        {
            return [ex];
        }
    }

    /// <inheritdoc />
    public FlashErasePlan PlanErase(IEnumerable<FlashSector> sectors) => new(sectors);

    /// <inheritdoc />
    public async Task EraseAsync(FlashErasePlan plan, Action<FlashSector>? erased, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ct = Token(cancellationToken);
        foreach (var sector in plan.Sectors)
        {
            ct.ThrowIfCancellationRequested();
            await WaitIdleAsync(EraseMax(sector), "waiting to erase " + sector, sector.Start, ct).ConfigureAwait(false);
            StartErase(sector);
            var sr = await WaitIdleAsync(EraseMax(sector), "erasing " + sector, sector.Start, ct).ConfigureAwait(false);
            WriteControl(0);
            CheckErrors(sr, "erasing " + sector, sector.Start);
            erased?.Invoke(sector);
        }
    }

    /// <summary>Writes the control register to start erasing one unit.</summary>
    protected abstract void StartErase(FlashSector sector);

    /// <inheritdoc />
    public async Task MassEraseAsync(IReadOnlyList<FlashBank> banks, CancellationToken cancellationToken)
    {
        var ct = Token(cancellationToken);
        await WaitIdleAsync(MassEraseMax, "waiting to mass-erase", Banks[0].Start, ct).ConfigureAwait(false);
        StartMassErase(banks);
        var sr = await WaitIdleAsync(MassEraseMax, "mass-erasing", Banks[0].Start, ct).ConfigureAwait(false);
        WriteControl(0);
        CheckErrors(sr, "mass-erasing", Banks[0].Start);
    }

    /// <summary>Writes the control register to start a mass erase of <paramref name="banks"/>.</summary>
    protected abstract void StartMassErase(IReadOnlyList<FlashBank> banks);

    /// <inheritdoc />
    public abstract Task ProgramAsync(FlashProgramPlan plan, Action<ProgramProgress>? progress, CancellationToken cancellationToken);

    /// <inheritdoc />
    /// <remarks>These families have no loader: the host erases, then programs.</remarks>
    public Task<FlashWriteOutcome> EraseAndProgramAsync(FlashErasePlan erase, FlashProgramPlan program, FlashWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Path == ProgramPath.Loader)
        {
            throw FlashErrors.Create(DiagnosticCodes.FlashLoaderRequired,
                $"the RAM loader was required (program path 'loader'), but the {Device.FlashDriver} flash driver has none; nothing was erased");
        }
        return FlashWrite.SequentialAsync(this, erase, program, options, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public void ValidateOptionBytes(OptionBytesRequest request) => Validate(Device, request);

    /// <summary>
    /// The checks of <see cref="ValidateOptionBytes"/> without a connected chip: only RDP is written by these
    /// drivers; the STM32H7 boot options do not exist here; level 2 only where the part has it, and confirmed.
    /// </summary>
    public static void Validate(DeviceDescription device, OptionBytesRequest request)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(request);
        if (request.BootCm7Address0 is not null || request.BootCm4Address0 is not null || request.BootCm7 is not null || request.BootCm4 is not null)
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionValueInvalid,
                $"BOOT_CM7_ADD0, BOOT_CM4_ADD0, BCM7 and BCM4 are STM32H7 option bytes; the {device.Name} ({device.Family}) has none of them. Nothing was changed");
        }
        if ((request.RdpLevel is int level && level is < 0 or > 2) || (request.RdpLevel == 2 && device.Protection?.RdpLevel2 is null))
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionValueInvalid,
                $"RDP level {request.RdpLevel} does not exist on the {device.Name}; nothing was changed");
        }
        if (request.RdpLevel == 2 && !request.ConfirmRdpLevel2)
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionRdp2Refused,
                $"RDP level 2 was requested but not confirmed: level 2 disables the debug port for ever and cannot be undone ({device.ReferenceManual}); set the explicit confirmation if that is really wanted");
        }
    }

    /// <inheritdoc />
    public abstract Task<OptionBytesState> WriteOptionBytesAsync(OptionBytesRequest request, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<OptionBytesState> RegressReadoutProtectionAsync(CancellationToken cancellationToken);

    /// <summary>Unlocks FLASH_OPTKEYR (after FLASH_CR is unlocked).</summary>
    protected void UnlockOptionKeys()
    {
        Session.WriteWord(AccessPort, Reg(OptKeyrOffset), OptKey1);
        Session.WriteWord(AccessPort, Reg(OptKeyrOffset), OptKey2);
    }

    /// <summary>Polls FLASH_SR until <see cref="SrBusy"/> clears, bounded on the target clock and by a wall-clock cap.</summary>
    protected async Task<uint> WaitIdleAsync(TimeSpan timeout, string operation, uint address, CancellationToken ct)
    {
        var clock = Session.Clock;
        timeout += PollSlack;
        var deadline = new OperationDeadline(clock, timeout);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var sr = ReadStatus();
            if ((sr & SrBusy) == 0)
            {
                return sr;
            }
            if (deadline.StillRunning())
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashTimeout, string.Create(CultureInfo.InvariantCulture,
                    $"the {Device.Name} flash was still busy {timeout.TotalMilliseconds:0} ms after {operation} at {Diagnostic.Hex(address)} (the datasheet maximum): FLASH_SR = 0x{sr:X8}"), address);
            }
            await clock.PauseAsync(TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Throws the coded error for any error flag in <paramref name="sr"/> (STM4113), after clearing the flags.</summary>
    protected void CheckErrors(uint sr, string operation, uint address)
    {
        var set = ErrorFlags.Where(f => (sr & f.Mask) != 0).ToList();
        if (set.Count == 0)
        {
            return;
        }
        try
        {
            Session.WriteWord(AccessPort, Reg(SrOffset), SrClearMask);
        }
        catch (Stm32Exception)
        {
            // Report the flag that failed the operation, not the failure to clear it.
        }
        var code = set.Any(f => f.Name is "WRPERR" or "WRPRTERR") ? DiagnosticCodes.FlashOperationError : DiagnosticCodes.FlashFamilyError;
        throw FlashErrors.Create(code,
            $"FLASH_SR reports {string.Join(", ", set.Select(f => f.Name))} while {operation} at {Diagnostic.Hex(address)} ({string.Join("; ", set.Select(f => $"{f.Name}: {f.Meaning}"))}); FLASH_SR = 0x{sr:X8}",
            address);
    }

    /// <summary>The banks the bank-mode option selects (<see cref="DeviceDescription.BankModes"/>), read from the chip.</summary>
    private IReadOnlyList<FlashBank> ResolveBanks() => FlashBankLayout.InEffect(Device, a => Session.ReadWord(AccessPort, a));
}
