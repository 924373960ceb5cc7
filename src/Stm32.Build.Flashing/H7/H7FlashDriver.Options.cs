using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Target;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

/// <summary>
/// Option bytes a project asks to write (null = leave as is). Boot addresses are full addresses; the option bytes
/// hold bits 31:16 (RM0399 4.4.x, FLASH_BOOT7_PRGR/FLASH_BOOT4_PRGR).
/// </summary>
public sealed record OptionBytesRequest
{
    /// <summary>BOOT_CM7_ADD0.</summary>
    public uint? BootCm7Address0 { get; init; }

    /// <summary>BOOT_CM4_ADD0 (dual-core parts).</summary>
    public uint? BootCm4Address0 { get; init; }

    /// <summary>BCM7: whether the Cortex-M7 boots.</summary>
    public bool? BootCm7 { get; init; }

    /// <summary>BCM4: whether the Cortex-M4 boots.</summary>
    public bool? BootCm4 { get; init; }

    /// <summary>The read-out protection level (0, 1 or 2).</summary>
    public int? RdpLevel { get; init; }

    /// <summary>Must be true to write RDP level 2, which is irreversible (RM0399 4.8.3).</summary>
    public bool ConfirmRdpLevel2 { get; init; }

    /// <summary>Whether anything is asked.</summary>
    public bool IsEmpty => BootCm7Address0 is null && BootCm4Address0 is null && BootCm7 is null && BootCm4 is null && RdpLevel is null;
}

public sealed partial class H7FlashDriver
{
    /// <summary>Reads the option bytes in effect: FLASH_OPTSR_CUR, FLASH_BOOT7_CURR and, on dual-core parts, FLASH_BOOT4_CURR.</summary>
    public H7OptionBytes ReadOptionBytes() => new(
        _session.ReadWord(_ap, SharedReg(OptSrCur)),
        _session.ReadWord(_ap, SharedReg(Boot7Cur)),
        _device.IsDualCore ? _session.ReadWord(_ap, SharedReg(Boot4Cur)) : null);

    /// <summary>
    /// Writes option bytes (RM0399 4.4.2 and OpenOCD stm32x_write_option: OPTKEYR sequence, the *_PRG registers,
    /// clear OPTCHANGEERR, OPTSTART, wait OPT_BUSY, check OPTCHANGEERR, OPTLOCK). RDP level 2 without
    /// <see cref="OptionBytesRequest.ConfirmRdpLevel2"/> is refused before anything is written.
    /// </summary>
    public async Task<H7OptionBytes> WriteOptionBytesAsync(OptionBytesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RdpLevel is int level && level is < 0 or > 2)
        {
            throw FlashErrors.Create(DiagnosticCodes.InvalidArgument, $"RDP level {level} does not exist (0, 1 or 2)");
        }
        if (request.RdpLevel == 2 && !request.ConfirmRdpLevel2)
        {
            throw FlashErrors.Create(DiagnosticCodes.OptionRdp2Refused,
                "RDP level 2 was requested but not confirmed: level 2 disables the debug port for ever and cannot be undone (RM0399 4.8.3); set the explicit confirmation (Stm32ConfirmRdpLevel2=true / --confirm-rdp2) if that is really wanted");
        }
        var optcr = SharedReg(OptCr);
        if ((_session.ReadWord(_ap, optcr) & OptCrLock) != 0)
        {
            _session.WriteWord(_ap, SharedReg(OptKeyr), OptKey1);
            _session.WriteWord(_ap, SharedReg(OptKeyr), OptKey2);
            if ((_session.ReadWord(_ap, optcr) & OptCrLock) != 0)
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashUnlockFailed, $"FLASH_OPTCR at {Diagnostic.Hex(optcr)} did not unlock after the OPTKEYR sequence", optcr);
            }
        }
        try
        {
            var optsr = _session.ReadWord(_ap, SharedReg(OptSrPrg));
            if (request.RdpLevel is int rdp)
            {
                var value = rdp switch { 0 => RdpLevel0, 2 => RdpLevel2, _ => (byte)0xBB };
                optsr = (optsr & ~(0xFFu << OptSrRdpShift)) | ((uint)value << OptSrRdpShift);
            }
            if (request.BootCm7 is bool bcm7)
            {
                optsr = bcm7 ? optsr | OptSrBcm7 : optsr & ~OptSrBcm7;
            }
            if (request.BootCm4 is bool bcm4)
            {
                optsr = bcm4 ? optsr | OptSrBcm4 : optsr & ~OptSrBcm4;
            }
            _session.WriteWord(_ap, SharedReg(OptSrPrg), optsr);
            if (request.BootCm7Address0 is uint boot7)
            {
                var prg = _session.ReadWord(_ap, SharedReg(Boot7Prg));
                _session.WriteWord(_ap, SharedReg(Boot7Prg), (prg & 0xFFFF_0000) | (boot7 >> 16));
            }
            if (request.BootCm4Address0 is uint boot4 && _device.IsDualCore)
            {
                var prg = _session.ReadWord(_ap, SharedReg(Boot4Prg));
                _session.WriteWord(_ap, SharedReg(Boot4Prg), (prg & 0xFFFF_0000) | (boot4 >> 16));
            }
            _session.WriteWord(_ap, SharedReg(OptCcr), OptChangeErr);
            _session.WriteWord(_ap, optcr, OptCrStart);
            var clock = _session.Clock;
            var start = clock.Now;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            uint cur;
            while (true)
            {
                _cancellation.ThrowIfCancellationRequested();
                cur = _session.ReadWord(_ap, SharedReg(OptSrCur));
                if ((cur & OptSrBusy) == 0)
                {
                    break;
                }
                if (clock.Now - start > H7FlashTimings.OptionChangeMax || wall.Elapsed > H7FlashTimings.OptionChangeMax + TimeSpan.FromSeconds(10))
                {
                    throw FlashErrors.Create(DiagnosticCodes.FlashTimeout,
                        $"the option byte change did not finish within {H7FlashTimings.OptionChangeMax.TotalSeconds:0} s (FLASH_OPTSR_CUR = 0x{cur:X8})", SharedReg(OptSrCur));
                }
                await clock.PauseAsync(TimeSpan.FromMilliseconds(1), _cancellation).ConfigureAwait(false);
            }
            if ((cur & OptChangeErr) != 0)
            {
                throw FlashErrors.Create(DiagnosticCodes.OptionWriteFailed,
                    $"the option byte change failed: FLASH_OPTSR_CUR reports OPTCHANGEERR (0x{cur:X8})", SharedReg(OptSrCur));
            }
            return ReadOptionBytes();
        }
        finally
        {
            try
            {
                _session.WriteWord(_ap, optcr, OptCrLock);
            }
            catch (Stm32Exception)
            {
            }
        }
    }
}
