using System.Diagnostics;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;
using Stm32.Build.StLink.Target;

namespace Stm32.Build.StLink;

public sealed partial class StLinkProbe
{
    private static readonly TimeSpan s_registerTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Reads DHCSR of the core behind <paramref name="accessPort"/>.</summary>
    public CoreStatus ReadCoreStatus(int accessPort) => new(ReadWord(accessPort, ArmDebugRegisters.Dhcsr));

    /// <summary>Requests a halt (DHCSR C_HALT | C_DEBUGEN) without waiting.</summary>
    public void Halt(int accessPort) =>
        WriteWord(accessPort, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CHalt | ArmDebugRegisters.CDebugEn);

    /// <summary>Halts the core and waits (bounded) until DHCSR.S_HALT is set.</summary>
    public async Task<CoreStatus> HaltAsync(int accessPort, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Halt(accessPort);
        return await WaitForHaltAsync(accessPort, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits (bounded) until the core is halted; a coded error (STM3026) with the last DHCSR when it is not.</summary>
    public async Task<CoreStatus> WaitForHaltAsync(int accessPort, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var delay = 1;
        CoreStatus status = default;
        ProbeException? last = null;
        while (true)
        {
            try
            {
                status = ReadCoreStatus(accessPort);
                last = null;
                if (status.IsHalted)
                {
                    return status;
                }
            }
            catch (StLinkCommandException ex)
            {
                // Right after a reset the AP may fault or WAIT for a moment; keep polling until the deadline.
                last = ex;
            }
            if (clock.Elapsed >= timeout)
            {
                throw ProbeErrors.Create(DiagnosticCodes.CoreTimeout,
                    $"the core on access port {accessPort} did not halt within {timeout.TotalMilliseconds:0} ms (DHCSR 0x{status.Dhcsr:X8}, {status}){(last is null ? "" : "; last error: " + last.Message)}",
                    ArmDebugRegisters.Dhcsr, last);
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 20);
        }
    }

    /// <summary>Lets the core run (DHCSR C_DEBUGEN with C_HALT clear).</summary>
    public void Resume(int accessPort) =>
        WriteWord(accessPort, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CDebugEn);

    /// <summary>Executes one instruction with interrupts masked and halts again (OpenOCD's sequence for ST-LINK).</summary>
    public async Task<CoreStatus> StepAsync(int accessPort, CancellationToken cancellationToken = default)
    {
        var status = ReadCoreStatus(accessPort);
        if (!status.IsHalted)
        {
            throw NotHalted(accessPort, "step");
        }
        const uint key = ArmDebugRegisters.DbgKey, en = ArmDebugRegisters.CDebugEn;
        WriteWord(accessPort, ArmDebugRegisters.Dhcsr, key | ArmDebugRegisters.CHalt | ArmDebugRegisters.CMaskInts | en);
        WriteWord(accessPort, ArmDebugRegisters.Dhcsr, key | ArmDebugRegisters.CStep | ArmDebugRegisters.CMaskInts | en);
        status = await WaitForHaltAsync(accessPort, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        WriteWord(accessPort, ArmDebugRegisters.Dhcsr, key | ArmDebugRegisters.CHalt | en);
        return status;
    }

    /// <summary>Reads a core register through DCRSR/DCRDR on the core's access port (the core must be halted).</summary>
    public uint ReadCoreRegister(int accessPort, CoreRegister register) => ReadCoreRegister(accessPort, (int)register);

    /// <summary>Reads a core register by its DCRSR.REGSEL number (S0-S31 are 64-95).</summary>
    public uint ReadCoreRegister(int accessPort, int regsel)
    {
        CheckRegister(accessPort, regsel, "read registers");
        WriteWord(accessPort, ArmDebugRegisters.Dcrsr, (uint)regsel);
        WaitRegisterReady(accessPort, regsel);
        return ReadWord(accessPort, ArmDebugRegisters.Dcrdr);
    }

    /// <summary>Writes a core register through DCRDR/DCRSR (the core must be halted).</summary>
    public void WriteCoreRegister(int accessPort, CoreRegister register, uint value) => WriteCoreRegister(accessPort, (int)register, value);

    /// <summary>Writes a core register by its DCRSR.REGSEL number.</summary>
    public void WriteCoreRegister(int accessPort, int regsel, uint value)
    {
        CheckRegister(accessPort, regsel, "write registers");
        WriteWord(accessPort, ArmDebugRegisters.Dcrdr, value);
        WriteWord(accessPort, ArmDebugRegisters.Dcrsr, (uint)regsel | ArmDebugRegisters.RegWnR);
        WaitRegisterReady(accessPort, regsel);
    }

    private void CheckRegister(int accessPort, int regsel, string what)
    {
        if (regsel is < 0 or > 0x7F)
        {
            throw ProbeErrors.Invalid($"core register number {regsel} is out of range (DCRSR.REGSEL is 7 bits)");
        }
        if (!ReadCoreStatus(accessPort).IsHalted)
        {
            throw NotHalted(accessPort, what);
        }
    }

    private void WaitRegisterReady(int accessPort, int regsel)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var dhcsr = ReadWord(accessPort, ArmDebugRegisters.Dhcsr);
            if ((dhcsr & ArmDebugRegisters.SRegRdy) != 0)
            {
                return;
            }
            if (clock.Elapsed > s_registerTimeout)
            {
                throw ProbeErrors.Create(DiagnosticCodes.CoreTimeout,
                    $"register transfer of REGSEL {regsel} on access port {accessPort} did not complete (DHCSR.S_REGRDY stayed 0, DHCSR 0x{dhcsr:X8})",
                    ArmDebugRegisters.Dcrsr);
            }
            Thread.Sleep(1);
        }
    }

    private ProbeException NotHalted(int accessPort, string what) => ProbeErrors.Create(DiagnosticCodes.InvalidProbeRequest,
        $"cannot {what}: the core on access port {accessPort} is not halted; halt it first", ArmDebugRegisters.Dhcsr);

    /// <summary>Drives NRST low (true) or releases it (false): a hardware reset held as long as wanted.</summary>
    public void AssertReset(bool asserted)
    {
        ThrowIfDisposed();
        _protocol.DriveNrst(asserted ? NrstAction.Low : NrstAction.High);
        _nrstLow = asserted;
    }

    /// <summary>A hardware reset: NRST low, then released (DRIVE_NRST low/high).</summary>
    public void ResetHardware()
    {
        AssertReset(true);
        AssertReset(false);
    }

    /// <summary>
    /// A software system reset: AIRCR.SYSRESETREQ through the core on <paramref name="accessPort"/>. With
    /// <paramref name="halt"/> the reset vector catch (DEMCR.VC_CORERESET) stops the core at its reset handler,
    /// and the call waits (bounded) for the halt, then clears the catch.
    /// </summary>
    public async Task<CoreStatus?> ResetSystemAsync(int accessPort, bool halt, CancellationToken cancellationToken = default)
    {
        ThrowIfNotConnected();
        var demcr = ReadWord(accessPort, ArmDebugRegisters.Demcr);
        if (halt)
        {
            WriteWord(accessPort, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CDebugEn);
            WriteWord(accessPort, ArmDebugRegisters.Demcr, demcr | ArmDebugRegisters.VcCoreReset);
        }
        WriteResetRequest(accessPort, ArmDebugRegisters.SysResetReq);
        if (!halt)
        {
            return null;
        }
        var status = await WaitForHaltAsync(accessPort, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        WriteWord(accessPort, ArmDebugRegisters.Demcr, demcr & ~ArmDebugRegisters.VcCoreReset);
        return status;
    }

    /// <summary>A local core reset (AIRCR.VECTRESET, ARMv7-M; the core must be halted), leaving the rest of the chip alone.</summary>
    public void ResetCore(int accessPort)
    {
        if (!ReadCoreStatus(accessPort).IsHalted)
        {
            throw NotHalted(accessPort, "reset the core alone (VECTRESET)");
        }
        WriteResetRequest(accessPort, ArmDebugRegisters.VectReset);
    }

    private void WriteResetRequest(int accessPort, uint bit)
    {
        try
        {
            WriteWord(accessPort, ArmDebugRegisters.Aircr, ArmDebugRegisters.VectKey | bit);
        }
        catch (StLinkCommandException ex) when (ex.Code == DiagnosticCodes.MemoryAccessFault || ex.Code == DiagnosticCodes.TargetWaitTimeout)
        {
            // The reset may cut the write's acknowledge short; the reset itself happened. The next access tells.
        }
    }

    /// <summary>RESETSYS: the probe's own system reset of the core on AP 0.</summary>
    public void ResetSystemByProbe()
    {
        ThrowIfNotConnected();
        _protocol.ResetSystem();
    }
}
