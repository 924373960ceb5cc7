using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Families;

/// <summary>
/// The STM32L4, G4 and G0 flash interface (RM0351/RM0394 3.3-3.7, RM0440 3.3-3.7, RM0444 3.3-3.7): 64-bit
/// double-word programming (two 32-bit writes, the first at a double-word address), page erase with PER + PNB
/// (+ BKER for bank 2) then STRT, mass erase with MER1/MER2, and their own error flags (PROGERR, SIZERR, PGAERR,
/// MISERR, FASTERR, PGSERR …). The G0 also waits on CFGBSY and has BKER at bit 13 (RM0444 3.7.5; bit 11 on the
/// L4/G4). Option bytes in FLASH_OPTR, applied by OPTSTRT (and loaded at the next reset or OBL_LAUNCH).
/// The G0's empty check (RM0444 2.5, 3.7.1): FLASH_ACR.EMPTY, latched at option byte loading when the first word of
/// the main flash is erased, makes BOOT0 = 0 boot system memory; after programming that word the driver clears EMPTY
/// so the next system reset runs the image without a power cycle.
/// The dual-bank G0B1 numbers bank 2's pages 256-383 in PNB with BKER (RM0444 3.3.1, 3.7.5) and has a busy flag per
/// bank (BSY1 bit 16, BSY2 bit 17, RM0444 3.7.4): the driver waits on both.
/// Proven end to end on the virtual STM32L4, STM32G4 and STM32G0 (L476, L432, G431, G474, G071, G0B1).
/// </summary>
internal sealed class L4FamilyFlashDriver : RegisterFlashDriver
{
    // RM0351 3.7: FLASH_KEYR 0x08, FLASH_OPTKEYR 0x0C, FLASH_SR 0x10, FLASH_CR 0x14, FLASH_OPTR 0x20.
    private const uint Optr = 0x20;
    private const uint CrPg = 1u << 0, CrPer = 1u << 1, CrMer1 = 1u << 2, CrMer2 = 1u << 15, CrStrt = 1u << 16, CrOptStrt = 1u << 17;
    private const uint CrOptLock = 1u << 30, CrLockBit = 1u << 31;
    private const int CrPnbShift = 3;
    private const uint SrEop = 1u << 0, SrBsy = 1u << 16, SrBsy2 = 1u << 17, SrCfgBsy = 1u << 18;
    // RM0444 3.7.1 FLASH_ACR (offset 0x00): EMPTY, bit 16.
    private const uint Acr = 0x00, AcrEmpty = 1u << 16;
    private const int DoubleWord = 8;

    private static readonly FlashErrorFlag[] s_flags =
    [
        new("OPERR", 1, "the operation failed"),
        new("PROGERR", 3, "programming error (the double word was not erased)"),
        new("WRPERR", 4, "the page is write-protected (WRP area)"),
        new("PGAERR", 5, "programming alignment error (not a double word at a double-word address)"),
        new("SIZERR", 6, "size error (a write narrower than 32 bits)"),
        new("PGSERR", 7, "programming sequence error"),
        new("MISERR", 8, "fast programming data miss error"),
        new("FASTERR", 9, "fast programming error"),
        new("RDERR", 14, "PCROP read error"),
        new("OPTVERR", 15, "option validity error (option bytes not consistent)"),
    ];

    private readonly bool _isG0;

    public L4FamilyFlashDriver(IDebugSession session, DeviceDescription device, CancellationToken cancellation)
        : base(session, device, cancellation) =>
        _isG0 = string.Equals(device.FlashDriver, "stm32g0", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool IsProven =>
        string.Equals(Device.Family, "STM32L4", StringComparison.OrdinalIgnoreCase) || string.Equals(Device.Family, "STM32G4", StringComparison.OrdinalIgnoreCase)
        || _isG0;

    protected override uint KeyrOffset => 0x08;
    protected override uint OptKeyrOffset => 0x0C;
    protected override uint SrOffset => 0x10;
    protected override uint CrOffset => 0x14;
    protected override uint CrLock => CrLockBit;
    protected override uint SrBusy => !_isG0 ? SrBsy : Device.FlashBanks.Count > 1 ? SrBsy | SrBsy2 | SrCfgBsy : SrBsy | SrCfgBsy;
    protected override uint SrClearMask => SrEop | s_flags.Aggregate(0u, (m, f) => m | f.Mask);
    protected override IReadOnlyList<FlashErrorFlag> ErrorFlags => s_flags;

    /// <summary>FLASH_CR.BKER: bit 13 on the G0 (RM0444 3.7.5), bit 11 on the L4/G4 (RM0351 3.7.5, RM0440 3.7.5).</summary>
    private uint CrBker => _isG0 ? 1u << 13 : 1u << 11;

    // DS10198/DS12288/DS12232 "Flash memory characteristics", max: double word 125 µs, page 40 ms, mass erase 40 ms.
    protected override TimeSpan EraseMax(FlashSector sector) => TimeSpan.FromMilliseconds(40);
    protected override TimeSpan MassEraseMax => TimeSpan.FromMilliseconds(40);
    protected override TimeSpan UnitProgramMax => TimeSpan.FromMicroseconds(125);

    /// <summary>FLASH_CR for a page erase: PER, PNB = the page number the manual gives, BKER for bank 2.</summary>
    public uint PageEraseControl(FlashSector sector) =>
        CrPer | ((uint)sector.Number << CrPnbShift) | (sector.Bank.Number == 2 ? CrBker : 0);

    protected override void StartErase(FlashSector sector)
    {
        var cr = PageEraseControl(sector);
        WriteControl(cr);
        WriteControl(cr | CrStrt);
    }

    protected override void StartMassErase(IReadOnlyList<FlashBank> banks)
    {
        var cr = (banks.Any(b => b.Number == 1) ? CrMer1 : 0) | (banks.Any(b => b.Number == 2) ? CrMer2 : 0);
        WriteControl(cr);
        WriteControl(cr | CrStrt);
    }

    /// <summary>
    /// Programs from the host: PG, then double words (two 32-bit writes each) in chunks of one memory command;
    /// BSY and the error flags are checked once per chunk.
    /// </summary>
    public override async Task ProgramAsync(FlashProgramPlan plan, Action<ProgramProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ct = Token(cancellationToken);
        var chunk = Math.Max(DoubleWord, Session.MemoryCommandBytes / DoubleWord * DoubleWord);
        var done = 0L;
        foreach (var run in plan.Banks.SelectMany(b => b.Runs))
        {
            if (run.Address % DoubleWord != 0 || run.Data.Length % DoubleWord != 0)
            {
                throw new ArgumentException($"double words must be whole: {Diagnostic.Hex(run.Address)} + {run.Data.Length}", nameof(plan));
            }
        }
        WriteControl(CrPg);
        try
        {
            foreach (var run in plan.Banks.SelectMany(b => b.Runs))
            {
                for (var offset = 0; offset < run.Data.Length; offset += chunk)
                {
                    ct.ThrowIfCancellationRequested();
                    var at = run.Address + (uint)offset;
                    var length = Math.Min(chunk, run.Data.Length - offset);
                    Session.WriteMemory(AccessPort, at, run.Data.Span.Slice(offset, length));
                    var what = $"programming {Diagnostic.Hex(at)}..{Diagnostic.Hex(at + (uint)length - 1)}";
                    var sr = await WaitIdleAsync(UnitProgramMax.Multiply(length / DoubleWord), what, at, ct).ConfigureAwait(false);
                    CheckErrors(sr, what, at);
                    done += length;
                    progress?.Invoke(new ProgramProgress(done, at + (uint)length));
                }
            }
            if (_isG0)
            {
                ClearEmptyCheck();
            }
        }
        finally
        {
            try
            {
                WriteControl(0);
            }
            catch (Stm32Exception)
            {
            }
        }
    }

    /// <summary>
    /// The G0's FLASH_ACR.EMPTY still set from a blank chip while the first word of the main flash is now programmed:
    /// cleared, else a system reset would boot system memory (RM0444 2.5 "Empty check", 3.7.1: software may clear it).
    /// </summary>
    private void ClearEmptyCheck()
    {
        var acr = Session.ReadWord(AccessPort, Reg(Acr));
        if ((acr & AcrEmpty) != 0 && Session.ReadWord(AccessPort, Device.FlashBanks[0].Start) != 0xFFFF_FFFF)
        {
            Session.WriteWord(AccessPort, Reg(Acr), acr & ~AcrEmpty);
        }
    }

    /// <summary>RM0351 3.4.2: unlock OPTLOCK, change FLASH_OPTR.RDP, OPTSTRT, wait BSY.</summary>
    public override async Task<OptionBytesState> WriteOptionBytesAsync(OptionBytesRequest request, CancellationToken cancellationToken)
    {
        ValidateOptionBytes(request);
        if (request.RdpLevel is int level)
        {
            await ChangeRdpAsync(level switch { 0 => 0xAAu, 2 => 0xCCu, _ => 0xBBu }, Token(cancellationToken)).ConfigureAwait(false);
        }
        return ReadOptionBytes();
    }

    /// <summary>RM0351 3.5.1: RDP level 1 → 0 (0xAA) mass-erases the flash as part of the option change.</summary>
    public override async Task<OptionBytesState> RegressReadoutProtectionAsync(CancellationToken cancellationToken)
    {
        await ChangeRdpAsync(0xAA, Token(cancellationToken)).ConfigureAwait(false);
        return ReadOptionBytes();
    }

    private async Task ChangeRdpAsync(uint rdp, CancellationToken ct)
    {
        using var unlocked = Unlock(Banks);
        if ((ReadControl() & CrOptLock) != 0)
        {
            UnlockOptionKeys();
        }
        var optr = Session.ReadWord(AccessPort, Reg(Optr));
        Session.WriteWord(AccessPort, Reg(Optr), (optr & ~0xFFu) | rdp);
        WriteControl(CrOptStrt);
        var sr = await WaitIdleAsync(MassEraseMax.Multiply(Math.Max(1, Banks.Count)), "changing the option bytes", Reg(Optr), ct).ConfigureAwait(false);
        CheckErrors(sr, "changing the option bytes", Reg(Optr));
    }

    /// <summary>Sets OPTLOCK and LOCK.</summary>
    protected override IReadOnlyList<Exception> LockBestEffort()
    {
        try
        {
            WriteControl(CrLockBit | CrOptLock);
            return [];
        }
        catch (Stm32Exception ex)
        {
            return [ex];
        }
    }
}
