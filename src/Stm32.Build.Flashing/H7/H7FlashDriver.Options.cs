using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink.Target;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

public sealed partial class H7FlashDriver
{
    /// <summary>Reads the option bytes in effect: FLASH_OPTSR_CUR, FLASH_BOOT7_CURR and, on dual-core parts, FLASH_BOOT4_CURR.</summary>
    public H7OptionBytes ReadH7OptionBytes() => new(
        _session.ReadWord(_ap, SharedReg(OptSrCur)),
        _session.ReadWord(_ap, SharedReg(Boot7Cur)),
        _device.IsDualCore ? _session.ReadWord(_ap, SharedReg(Boot4Cur)) : null);

    /// <summary>
    /// Writes option bytes (RM0399 4.4.2 and OpenOCD stm32x_write_option: OPTKEYR sequence, the *_PRG registers,
    /// clear OPTCHANGEERR, OPTSTART, wait OPT_BUSY, check OPTCHANGEERR, OPTLOCK). RDP level 2 without
    /// <see cref="OptionBytesRequest.ConfirmRdpLevel2"/> is refused before anything is written.
    /// </summary>
    public async Task<H7OptionBytes> WriteH7OptionBytesAsync(OptionBytesRequest request, CancellationToken cancellationToken = default)
    {
        ValidateOptionBytes(request);
        var ct = Token(cancellationToken);
        UnlockOptions();
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
            await StartOptionChangeAsync(H7FlashTimings.OptionChangeMax, DiagnosticCodes.OptionWriteFailed, ct).ConfigureAwait(false);
            return ReadH7OptionBytes();
        }
        finally
        {
            RelockOptions();
        }
    }

    /// <summary>
    /// OPTSTART and the wait for OPT_BUSY to clear, bounded by <paramref name="timeout"/> of target time (and a
    /// wall-clock cap); OPTCHANGEERR afterwards is <paramref name="failureCode"/>.
    /// </summary>
    private async Task StartOptionChangeAsync(TimeSpan timeout, string failureCode, CancellationToken ct)
    {
        _session.WriteWord(_ap, SharedReg(OptCcr), OptChangeErr);
        _session.WriteWord(_ap, SharedReg(OptCr), OptCrStart);
        var clock = _session.Clock;
        var deadline = new OperationDeadline(clock, timeout);
        uint cur;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            cur = _session.ReadWord(_ap, SharedReg(OptSrCur));
            if ((cur & OptSrBusy) == 0)
            {
                break;
            }
            if (deadline.StillRunning())
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashTimeout, string.Create(CultureInfo.InvariantCulture,
                    $"the option byte change did not finish within {timeout.TotalSeconds:0.#} s (FLASH_OPTSR_CUR = 0x{cur:X8})"), SharedReg(OptSrCur));
            }
            await clock.PauseAsync(TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
        }
        if ((cur & OptChangeErr) != 0)
        {
            throw FlashErrors.Create(failureCode,
                $"the option byte change failed: FLASH_OPTSR_CUR reports OPTCHANGEERR (0x{cur:X8})", SharedReg(OptSrCur));
        }
    }

    /// <summary>Unlocks FLASH_OPTCR with the OPTKEYR sequence (RM0399 4.4.2) unless already unlocked.</summary>
    private void UnlockOptions()
    {
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
    }

    private void RelockOptions()
    {
        try
        {
            _session.WriteWord(_ap, SharedReg(OptCr), OptCrLock);
        }
        catch (Stm32Exception)
        {
        }
    }
}
