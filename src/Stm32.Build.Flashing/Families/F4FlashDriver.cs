using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Families;

/// <summary>
/// The STM32F4/F7 flash interface (RM0090 3.5-3.9, RM0385/RM0410 3.3-3.7; sequences as in OpenOCD
/// src/flash/nor/stm32f2x.c, for the register usage only): sector erase with SER + SNB + PSIZE then STRT;
/// programming with PG + PSIZE, one access of the PSIZE width at a time (a wider or narrower access is PGPERR);
/// PSIZE from the target voltage (device data <c>parallelism</c>); sector numbers from 12 up (bank 2 of the
/// F42x/F43x and the F76x in dual-bank mode) are SNB 0b1xxxx (RM0090 3.9.8). Option bytes in FLASH_OPTCR.
/// Proven on the virtual STM32F4 (F401/F407/F411/F429/F446, the same flash interface) and the virtual STM32F7
/// (F746, F767 in single- and dual-bank mode): erase, program, verify and boot end to end, and against OpenOCD's
/// stm32f2x driver on the same chips. On the F7, FLASH_SR bit 7 is ERSERR (RM0385 3.7.4) where the F4 has PGSERR,
/// and FLASH_CR bit 15 is MER2 (RM0410 3.7.5) where the F42x/F43x have MER1: same bits, same meaning.
/// </summary>
internal sealed class F4FlashDriver : RegisterFlashDriver
{
    // RM0090 3.9: FLASH_KEYR 0x04, FLASH_OPTKEYR 0x08, FLASH_SR 0x0C, FLASH_CR 0x10, FLASH_OPTCR 0x14.
    private const uint Cr = 0x10, Sr = 0x0C, OptCr = 0x14;
    private const uint CrPg = 1u << 0, CrSer = 1u << 1, CrMer = 1u << 2, CrMer1 = 1u << 15, CrStrt = 1u << 16, CrLockBit = 1u << 31;
    private const int CrSnbShift = 3, CrPsizeShift = 8;
    private const uint SrBsy = 1u << 16, SrEop = 1u << 0;
    private const uint OptCrLock = 1u << 0, OptCrStrt = 1u << 1;

    private static readonly FlashErrorFlag[] s_flags =
    [
        new("OPERR", 1, "the operation failed (an erase or program during another one)"),
        new("WRPERR", 4, "the sector is write-protected (nWRP)"),
        new("PGAERR", 5, "programming alignment error (the data crosses a 128-bit row)"),
        new("PGPERR", 6, "programming parallelism error (the access size differs from PSIZE)"),
        new("PGSERR", 7, "programming sequence error (ERSERR on the STM32F7)"),
        new("RDERR", 8, "read protection error (PCROP)"),
    ];

    private readonly ParallelismChoice _choice;

    public F4FlashDriver(IDebugSession session, DeviceDescription device, ParallelismChoice choice, CancellationToken cancellation)
        : base(session, device, cancellation) => _choice = choice;

    public override string? Parallelism => _choice.Description;

    /// <inheritdoc />
    public override bool IsProven => Device.Family is { } family
        && (string.Equals(family, "STM32F4", StringComparison.OrdinalIgnoreCase) || string.Equals(family, "STM32F7", StringComparison.OrdinalIgnoreCase));

    /// <summary>The bytes of one program access: the parallelism (x8, x16, x32; x64 needs VPP and is not used).</summary>
    private int AccessBytes => Math.Min(4, (_choice.Bits ?? 32) / 8);

    private uint PsizeBits => (uint)(AccessBytes switch { 1 => 0, 2 => 1, _ => 2 }) << CrPsizeShift;

    protected override uint KeyrOffset => 0x04;
    protected override uint OptKeyrOffset => 0x08;
    protected override uint SrOffset => Sr;
    protected override uint CrOffset => Cr;
    protected override uint CrLock => CrLockBit;
    protected override uint SrBusy => SrBsy;
    protected override uint SrClearMask => SrEop | s_flags.Aggregate(0u, (m, f) => m | f.Mask);
    protected override IReadOnlyList<FlashErrorFlag> ErrorFlags => s_flags;

    // DS8626/DS10916 "Flash memory programming", max column at x32: word 100 µs, 16/32 KiB 800 ms, 64 KiB 2.4 s,
    // 128 KiB 4 s, 256 KiB 8 s (scaled by size), mass erase 32 s; x8/x16 take up to twice as long.
    private double Slower => AccessBytes < 4 ? 2.0 : 1.0;

    protected override TimeSpan EraseMax(FlashSector sector) =>
        TimeSpan.FromMilliseconds(Math.Max(800, sector.Size / 1024.0 * 32) * Slower);

    protected override TimeSpan MassEraseMax => TimeSpan.FromSeconds(32 * Slower * Math.Max(1, Device.FlashSize / (1024.0 * 1024)));

    protected override TimeSpan UnitProgramMax => TimeSpan.FromMicroseconds(100 * Slower);

    /// <summary>SNB for a sector number: 0-11 as is, 12-23 as 0b10000 + (n - 12) (RM0090 3.9.8, RM0410 3.7.5).</summary>
    public static uint Snb(int sectorNumber) => (uint)(sectorNumber < 12 ? sectorNumber : 16 + (sectorNumber - 12));

    protected override void StartErase(FlashSector sector)
    {
        var cr = CrSer | PsizeBits | (Snb(sector.Number) << CrSnbShift);
        WriteControl(cr);
        WriteControl(cr | CrStrt);
    }

    protected override void StartMassErase(IReadOnlyList<FlashBank> banks)
    {
        var cr = PsizeBits | (banks.Any(b => b.Number == 1) ? CrMer : 0) | (banks.Any(b => b.Number == 2) ? CrMer1 : 0);
        WriteControl(cr);
        WriteControl(cr | CrStrt);
    }

    /// <summary>
    /// Programs from the host: PG + PSIZE, then each run in chunks of one memory command written with accesses of
    /// the PSIZE width; BSY and the error flags are checked once per chunk.
    /// </summary>
    public override async Task ProgramAsync(FlashProgramPlan plan, Action<ProgramProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ct = Token(cancellationToken);
        var chunk = Math.Max(AccessBytes, Session.MemoryCommandBytes / AccessBytes * AccessBytes);
        var done = 0L;
        await WaitIdleAsync(EraseMax(new FlashSector(Banks[0], 0)), "waiting to program", Banks[0].Start, ct).ConfigureAwait(false);
        WriteControl(CrPg | PsizeBits);
        try
        {
            foreach (var run in plan.Banks.SelectMany(b => b.Runs))
            {
                for (var offset = 0; offset < run.Data.Length; offset += chunk)
                {
                    ct.ThrowIfCancellationRequested();
                    var at = run.Address + (uint)offset;
                    var length = Math.Min(chunk, run.Data.Length - offset);
                    Session.WriteMemory(AccessPort, at, run.Data.Span.Slice(offset, length), AccessBytes);
                    var what = $"programming {Diagnostic.Hex(at)}..{Diagnostic.Hex(at + (uint)length - 1)}";
                    var sr = await WaitIdleAsync(UnitProgramMax.Multiply(length / AccessBytes), what, at, ct).ConfigureAwait(false);
                    CheckErrors(sr, what, at);
                    done += length;
                    progress?.Invoke(new ProgramProgress(done, at + (uint)length));
                }
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

    /// <summary>RM0090 3.6.3: unlock FLASH_OPTCR, change the RDP byte, OPTSTRT, wait BSY.</summary>
    public override async Task<OptionBytesState> WriteOptionBytesAsync(OptionBytesRequest request, CancellationToken cancellationToken)
    {
        ValidateOptionBytes(request);
        if (request.RdpLevel is int level)
        {
            await ChangeRdpAsync(level switch { 0 => 0xAAu, 2 => 0xCCu, _ => 0x55u }, OptionChangeMax, Token(cancellationToken)).ConfigureAwait(false);
        }
        return ReadOptionBytes();
    }

    /// <summary>RM0090 3.7.3: RDP level 1 → 0 writes 0xAA; the chip mass-erases the flash before the change completes.</summary>
    public override async Task<OptionBytesState> RegressReadoutProtectionAsync(CancellationToken cancellationToken)
    {
        await ChangeRdpAsync(0xAA, MassEraseMax, Token(cancellationToken)).ConfigureAwait(false);
        var after = ReadOptionBytes();
        return after.RdpLevel == 0 ? after : throw FlashErrors.Create(DiagnosticCodes.RdpRegressionFailed,
            $"the readout protection of the {Device.Name} did not go back to level 0 ({after.Summary})");
    }

    private TimeSpan OptionChangeMax => MassEraseMax;

    private async Task ChangeRdpAsync(uint rdp, TimeSpan timeout, CancellationToken ct)
    {
        var optcr = Reg(OptCr);
        if ((Session.ReadWord(AccessPort, optcr) & OptCrLock) != 0)
        {
            UnlockOptionKeys();
        }
        try
        {
            var value = Session.ReadWord(AccessPort, optcr);
            Session.WriteWord(AccessPort, optcr, (value & ~0xFF00u & ~OptCrStrt) | (rdp << 8));
            Session.WriteWord(AccessPort, optcr, (value & ~0xFF00u) | (rdp << 8) | OptCrStrt);
            var sr = await WaitIdleAsync(timeout, "changing the option bytes", optcr, ct).ConfigureAwait(false);
            CheckErrors(sr, "changing the option bytes", optcr);
        }
        finally
        {
            try
            {
                Session.WriteWord(AccessPort, optcr, Session.ReadWord(AccessPort, optcr) | OptCrLock);
            }
            catch (Stm32Exception)
            {
            }
        }
    }
}
