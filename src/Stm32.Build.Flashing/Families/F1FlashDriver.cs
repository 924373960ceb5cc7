using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Families;

/// <summary>
/// The STM32F1 flash program/erase controller (PM0075 2.3-2.5, 3): page erase with PER, the page address in
/// FLASH_AR, then STRT; programming with PG and 16-bit writes only (any other size is a bus error, PM0075 2.3.3);
/// mass erase with MER. Option bytes live in flash at 0x1FFFF800 and are erased (OPTER) and programmed (OPTPG) as
/// half-words after the OPTKEYR sequence and with OPTWRE set (PM0075 2.5). Proven end to end on the virtual
/// STM32F103 (medium and high density); the other F1 lines are not in the device data.
/// </summary>
internal sealed class F1FlashDriver : RegisterFlashDriver
{
    // PM0075 3: FLASH_KEYR 0x04, FLASH_OPTKEYR 0x08, FLASH_SR 0x0C, FLASH_CR 0x10, FLASH_AR 0x14.
    private const uint Ar = 0x14;
    private const uint CrPg = 1u << 0, CrPer = 1u << 1, CrMer = 1u << 2, CrOptPg = 1u << 4, CrOptEr = 1u << 5, CrStrt = 1u << 6, CrLockBit = 1u << 7, CrOptWre = 1u << 9;
    private const uint SrBsy = 1u << 0, SrEop = 1u << 5;
    private const int HalfWord = 2;

    /// <summary>The option bytes (PM0075 2.5: RDP at 0x1FFFF800, its complement in the next byte).</summary>
    private const uint OptionBytesAddress = 0x1FFF_F800;

    /// <summary>The RDP key that removes read protection (PM0075 2.5: 0xA5).</summary>
    private const ushort RdpKey = 0x00A5;

    private static readonly FlashErrorFlag[] s_flags =
    [
        new("PGERR", 2, "programming error (the half-word was not erased)"),
        new("WRPRTERR", 4, "the page is write-protected (WRP)"),
    ];

    public F1FlashDriver(IDebugSession session, DeviceDescription device, CancellationToken cancellation)
        : base(session, device, cancellation)
    {
    }

    /// <inheritdoc />
    public override bool IsProven => string.Equals(Device.Family, "STM32F1", StringComparison.OrdinalIgnoreCase);

    protected override uint KeyrOffset => 0x04;
    protected override uint OptKeyrOffset => 0x08;
    protected override uint SrOffset => 0x0C;
    protected override uint CrOffset => 0x10;
    protected override uint CrLock => CrLockBit;
    protected override uint SrBusy => SrBsy;
    protected override uint SrClearMask => SrEop | s_flags.Aggregate(0u, (m, f) => m | f.Mask);
    protected override IReadOnlyList<FlashErrorFlag> ErrorFlags => s_flags;

    // DS5319/DS5792 "Flash memory characteristics", max: 16-bit programming 70 µs, page erase 40 ms, mass erase 40 ms.
    protected override TimeSpan EraseMax(FlashSector sector) => TimeSpan.FromMilliseconds(40);
    protected override TimeSpan MassEraseMax => TimeSpan.FromMilliseconds(40);
    protected override TimeSpan UnitProgramMax => TimeSpan.FromMicroseconds(70);

    protected override void StartErase(FlashSector sector)
    {
        WriteControl(CrPer);
        Session.WriteWord(AccessPort, Reg(Ar), sector.Start);
        WriteControl(CrPer | CrStrt);
    }

    protected override void StartMassErase(IReadOnlyList<FlashBank> banks)
    {
        WriteControl(CrMer);
        WriteControl(CrMer | CrStrt);
    }

    /// <summary>Programs from the host: PG, then half-word writes in chunks of one memory command, the status checked once per chunk.</summary>
    public override async Task ProgramAsync(FlashProgramPlan plan, Action<ProgramProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ct = Token(cancellationToken);
        var chunk = Math.Max(HalfWord, Session.MemoryCommandBytes / HalfWord * HalfWord);
        var done = 0L;
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
                    Session.WriteMemory(AccessPort, at, run.Data.Span.Slice(offset, length), HalfWord);
                    var what = $"programming {Diagnostic.Hex(at)}..{Diagnostic.Hex(at + (uint)length - 1)}";
                    var sr = await WaitIdleAsync(UnitProgramMax.Multiply(length / HalfWord), what, at, ct).ConfigureAwait(false);
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

    /// <summary>Only RDP can be written here (PM0075 2.5): the option bytes are erased and the RDP half-word programmed.</summary>
    public override async Task<OptionBytesState> WriteOptionBytesAsync(OptionBytesRequest request, CancellationToken cancellationToken)
    {
        ValidateOptionBytes(request);
        if (request.RdpLevel is int level)
        {
            await RewriteRdpAsync(level == 0 ? RdpKey : (ushort)0x0000, Token(cancellationToken)).ConfigureAwait(false);
        }
        return ReadOptionBytes();
    }

    /// <summary>
    /// PM0075 2.4.1: removing read protection (programming the RDP key after an option erase) mass-erases the main
    /// flash; the new level takes effect at the next reset.
    /// </summary>
    public override async Task<OptionBytesState> RegressReadoutProtectionAsync(CancellationToken cancellationToken)
    {
        await RewriteRdpAsync(RdpKey, Token(cancellationToken)).ConfigureAwait(false);
        return ReadOptionBytes();
    }

    private async Task RewriteRdpAsync(ushort rdp, CancellationToken ct)
    {
        UnlockOptionKeys();
        try
        {
            WriteControl(CrOptEr | CrOptWre);
            WriteControl(CrOptEr | CrOptWre | CrStrt);
            var sr = await WaitIdleAsync(MassEraseMax, "erasing the option bytes", OptionBytesAddress, ct).ConfigureAwait(false);
            CheckErrors(sr, "erasing the option bytes", OptionBytesAddress);
            WriteControl(CrOptPg | CrOptWre);
            Session.WriteMemory(AccessPort, OptionBytesAddress, [(byte)rdp, (byte)(rdp >> 8)], HalfWord);
            sr = await WaitIdleAsync(MassEraseMax, "programming the RDP option byte", OptionBytesAddress, ct).ConfigureAwait(false);
            CheckErrors(sr, "programming the RDP option byte", OptionBytesAddress);
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
}
