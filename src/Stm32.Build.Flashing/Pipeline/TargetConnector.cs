using Stm32.Build.StLink.Target;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Pipeline;

/// <summary>What a connection found.</summary>
/// <param name="Mode">The mode that worked (<see cref="ConnectMode.Normal"/> or <see cref="ConnectMode.UnderReset"/>).</param>
/// <param name="DpIdcode">The SW-DP IDCODE.</param>
/// <param name="DbgmcuIdcode">DBGMCU_IDCODE (DEV_ID in bits 11:0, REV_ID in 31:16).</param>
/// <param name="FlashSizeKiB">The flash size register, when readable.</param>
/// <param name="Attempts">How many connection attempts it took.</param>
public sealed record ConnectResult(ConnectMode Mode, uint DpIdcode, uint DbgmcuIdcode, int? FlashSizeKiB, int Attempts)
{
    /// <summary>DEV_ID.</summary>
    public ushort DevId => (ushort)(DbgmcuIdcode & 0xFFF);

    /// <summary>REV_ID.</summary>
    public ushort RevId => (ushort)(DbgmcuIdcode >> 16);
}

/// <summary>
/// Connects to the target normally, under reset, or automatically (normal first, then under reset), halts every
/// core, and identifies the chip. Under reset follows the STM32H7 constraint that the AXI/AHB access ports do not
/// answer while NRST is low: DBGMCU_CR is set through the debug APB (AP2, 0xE00E1000), the halt is armed on every
/// core through its own AP (DEMCR.VC_CORERESET and C_HALT) as soon as it answers — before NRST is released where it
/// does, right after otherwise (then a system reset with the vector catch follows) — and the halts are confirmed
/// (DHCSR.S_HALT): every core stops at its reset handler before its firmware runs.
/// </summary>
public sealed class TargetConnector
{
    private readonly IDebugSession _session;
    private readonly DeviceDescription _device;

    /// <summary>Creates the connector.</summary>
    public TargetConnector(IDebugSession session, DeviceDescription device)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _device = device ?? throw new ArgumentNullException(nameof(device));
    }

    /// <summary>How many times each mode is tried before giving up (or falling back).</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>The pause between attempts, on the target clock.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a core may take to halt.</summary>
    public TimeSpan HaltTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Told about each attempt and fallback (for the report and progress).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Connects in <paramref name="mode"/>, halts the cores and identifies the chip.</summary>
    public async Task<ConnectResult> ConnectAsync(ConnectMode mode, CancellationToken cancellationToken = default)
    {
        var attempts = 0;
        Stm32Exception? last = null;
        if (mode is ConnectMode.Normal or ConnectMode.Auto)
        {
            for (var i = 0; i < Math.Max(1, Attempts); i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                attempts++;
                try
                {
                    return await ConnectNormalAsync(attempts, cancellationToken).ConfigureAwait(false);
                }
                catch (Stm32Exception ex) when (IsTargetSilence(ex))
                {
                    last = ex;
                    Log?.Invoke($"attempt {attempts} (normal) failed: {ex.Message}");
                    _session.Disconnect();
                    await _session.Clock.PauseAsync(RetryDelay, cancellationToken).ConfigureAwait(false);
                }
            }
            if (mode == ConnectMode.Normal)
            {
                throw FlashErrors.Create(DiagnosticCodes.ConnectFailed,
                    $"the target does not answer a normal connection ({attempts} attempts): {last!.Message}; try --connect under-reset or auto", inner: last);
            }
            Log?.Invoke("the target does not answer a normal connection; trying under reset");
        }
        for (var i = 0; i < Math.Max(1, Attempts); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            try
            {
                return await ConnectUnderResetAsync(attempts, cancellationToken).ConfigureAwait(false);
            }
            catch (FlashException ex) when (ex.Code == DiagnosticCodes.ConnectUnderResetFailed)
            {
                _session.Disconnect();
                throw; // NRST not wired: retrying does not help
            }
            catch (Stm32Exception ex) when (IsTargetSilence(ex))
            {
                last = ex;
                Log?.Invoke($"attempt {attempts} (under reset) failed: {ex.Message}");
                _session.Disconnect();
                await _session.Clock.PauseAsync(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
        throw FlashErrors.Create(DiagnosticCodes.ConnectFailed,
            $"the target does not answer{(mode == ConnectMode.Auto ? " normally nor" : "")} under reset ({attempts} attempts): {last!.Message}", inner: last);
    }

    /// <summary>Whether an error means "the target did not answer" (as opposed to no probe, no power, bad request).</summary>
    public static bool IsTargetSilence(Stm32Exception ex) => ex.Code is DiagnosticCodes.DebugPortNotResponding
        or DiagnosticCodes.MemoryAccessFault or DiagnosticCodes.TargetWaitTimeout or DiagnosticCodes.CoreTimeout
        or DiagnosticCodes.ProbeCommandFailed or DiagnosticCodes.HaltFailed or DiagnosticCodes.TransportTimeout;

    private async Task<ConnectResult> ConnectNormalAsync(int attempt, CancellationToken cancellationToken)
    {
        _session.Connect(holdInReset: false);
        var dp = _session.ReadDpIdcode();
        foreach (var core in _device.Cores)
        {
            await HaltAsync(core, cancellationToken).ConfigureAwait(false);
        }
        return Identify(ConnectMode.Normal, dp, attempt);
    }

    private async Task<ConnectResult> ConnectUnderResetAsync(int attempt, CancellationToken cancellationToken)
    {
        _session.Connect(holdInReset: true);
        var dp = _session.ReadDpIdcode();
        if (_device.DbgmcuAccessPort is int apbPort && _device.DbgmcuApbAddress is uint apb)
        {
            _session.WriteWord(apbPort, apb + CortexM.DbgmcuCrOffset, CortexM.DbgmcuCrDebugBits);
        }
        var primary = _device.Cores[0];
        // Under reset each core's debug registers answer (debug domain) but the system bus does not (RM0399: the
        // AXI/AHB matrix is held in reset), so the reset vector catch is armed before NRST is released — on every
        // core, each through its own access port (RM0399 61.2: AP0 for the Cortex-M7, AP3 for the Cortex-M4), so
        // that no core runs one instruction of its firmware: a Cortex-M4 image that silences the debug port at
        // once would otherwise lose the board again while only the Cortex-M7 is held.
        var armed = _device.Cores.Select(TryArm).ToList();
        var apAvailableUnderReset = _device.AccessPorts.FirstOrDefault(a => a.Index == primary.AccessPort)?.AvailableUnderReset ?? false;
        if (!apAvailableUnderReset && SystemBusAnswers(primary))
        {
            // The system bus answered while NRST was held: on this device it cannot, so NRST never reached the chip.
            _session.SetNrst(false);
            throw FlashErrors.Create(DiagnosticCodes.ConnectUnderResetFailed,
                $"connect under reset did not work: NRST is not wired to the chip — the {primary.Name}'s access port answered while the probe held NRST low, which the {_device.Name} cannot do in reset; connect the probe's NRST (RST) pin to the chip's NRST, or use --connect normal");
        }
        _session.SetNrst(false);
        for (var i = 0; i < _device.Cores.Count; i++)
        {
            if (!armed[i])
            {
                TryArm(_device.Cores[i]);
            }
        }
        await WaitHaltedAsync(primary, cancellationToken).ConfigureAwait(false);
        foreach (var core in _device.Cores.Skip(1))
        {
            await HaltAsync(core, cancellationToken, required: false).ConfigureAwait(false);
        }
        // A core armed only after NRST may have run a few microseconds: restart everything under the vector catch.
        if (armed.Any(a => !a))
        {
            await ResetToVectorAsync(cancellationToken).ConfigureAwait(false);
            foreach (var core in _device.Cores.Skip(1))
            {
                await HaltAsync(core, cancellationToken, required: false).ConfigureAwait(false);
            }
        }
        return Identify(ConnectMode.UnderReset, dp, attempt);
    }

    /// <summary>
    /// Whether a read on the system bus through the core's access port completes: DBGMCU_IDC where it sits on the
    /// system bus (the H7's 0x5C001000), else the first word of SRAM — on the F1/F4/L4/G4/G0 DBGMCU sits on the
    /// core's private bus and answers under system reset (RM0090 38.6.1: DBGMCU_IDCODE "is accessible ... even
    /// while the MCU is under system reset"; DBGMCU_CR "can be written by the debugger under system reset").
    /// </summary>
    private bool SystemBusAnswers(Devices.CoreDescription core)
    {
        const uint privateBusStart = 0xE000_0000;
        var address = _device.DbgmcuIdcodeAddress < privateBusStart || _device.RamRegions.Count == 0
            ? _device.DbgmcuIdcodeAddress
            : _device.RamRegions[0].Start;
        try
        {
            _session.ReadWord(core.AccessPort, address);
            return true;
        }
        catch (Stm32Exception ex) when (IsTargetSilence(ex))
        {
            return false;
        }
    }

    private bool TryArm(Devices.CoreDescription core)
    {
        try
        {
            var demcr = _session.ReadWord(core.AccessPort, ArmDebugRegisters.Demcr);
            _session.WriteWord(core.AccessPort, ArmDebugRegisters.Demcr, demcr | ArmDebugRegisters.VcCoreReset);
            _session.WriteWord(core.AccessPort, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CHalt | ArmDebugRegisters.CDebugEn);
            return true;
        }
        catch (Stm32Exception ex) when (IsTargetSilence(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// A system reset with the reset vector catch armed on the primary core: every core restarts and the primary
    /// halts at its reset handler; the catch is cleared afterwards.
    /// </summary>
    public async Task ResetToVectorAsync(CancellationToken cancellationToken)
    {
        var primary = _device.Cores[0];
        var demcr = _session.ReadWord(primary.AccessPort, ArmDebugRegisters.Demcr);
        _session.WriteWord(primary.AccessPort, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CHalt | ArmDebugRegisters.CDebugEn);
        _session.WriteWord(primary.AccessPort, ArmDebugRegisters.Demcr, demcr | ArmDebugRegisters.VcCoreReset);
        foreach (var other in _device.Cores.Skip(1))
        {
            TryArm(other);
        }
        try
        {
            _session.WriteWord(primary.AccessPort, ArmDebugRegisters.Aircr, ArmDebugRegisters.VectKey | ArmDebugRegisters.SysResetReq);
        }
        catch (Stm32Exception ex) when (ex.Code is DiagnosticCodes.MemoryAccessFault or DiagnosticCodes.TargetWaitTimeout)
        {
            // The reset may cut the write's acknowledge short; the wait for the halt tells whether it happened.
        }
        await WaitHaltedAsync(primary, cancellationToken).ConfigureAwait(false);
        _session.WriteWord(primary.AccessPort, ArmDebugRegisters.Demcr, demcr & ~ArmDebugRegisters.VcCoreReset);
    }

    /// <summary>Halts <paramref name="core"/> and waits (bounded) for DHCSR.S_HALT.</summary>
    public async Task HaltAsync(Devices.CoreDescription core, CancellationToken cancellationToken, bool required = true)
    {
        try
        {
            _session.WriteWord(core.AccessPort, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CHalt | ArmDebugRegisters.CDebugEn);
            await WaitHaltedAsync(core, cancellationToken).ConfigureAwait(false);
        }
        catch (Stm32Exception ex) when (!required && IsTargetSilence(ex))
        {
            Log?.Invoke($"the {core.Name} did not halt ({ex.Message}); it is left as it is");
        }
    }

    /// <summary>Polls DHCSR until S_HALT, bounded by <see cref="HaltTimeout"/> on the target clock (and a wall-clock cap).</summary>
    public async Task<uint> WaitHaltedAsync(Devices.CoreDescription core, CancellationToken cancellationToken)
    {
        var clock = _session.Clock;
        var start = clock.Now;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        uint dhcsr = 0;
        Stm32Exception? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                dhcsr = _session.ReadWord(core.AccessPort, ArmDebugRegisters.Dhcsr);
                last = null;
                if ((dhcsr & ArmDebugRegisters.SHalt) != 0)
                {
                    return dhcsr;
                }
            }
            catch (Stm32Exception ex) when (ex.Code is DiagnosticCodes.MemoryAccessFault or DiagnosticCodes.TargetWaitTimeout)
            {
                last = ex;
            }
            if (clock.Now - start > HaltTimeout || wall.Elapsed > HaltTimeout + TimeSpan.FromSeconds(5))
            {
                throw FlashErrors.Create(DiagnosticCodes.HaltFailed,
                    $"the {core.Name} did not halt within {HaltTimeout.TotalMilliseconds:0} ms (DHCSR 0x{dhcsr:X8}{(last is null ? "" : "; " + last.Message)})",
                    ArmDebugRegisters.Dhcsr, last);
            }
            await clock.PauseAsync(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private ConnectResult Identify(ConnectMode mode, uint dp, int attempts)
    {
        var primary = _device.Cores[0];
        var idcode = _session.ReadWord(primary.AccessPort, _device.DbgmcuIdcodeAddress);
        int? sizeKiB = null;
        try
        {
            var aligned = _device.FlashSizeRegister & ~3u;
            var word = _session.ReadWord(primary.AccessPort, aligned);
            sizeKiB = (int)((word >> (int)(8 * (_device.FlashSizeRegister & 3))) & 0xFFFF);
        }
        catch (Stm32Exception ex) when (IsTargetSilence(ex))
        {
            Log?.Invoke($"the flash size register could not be read: {ex.Message}");
        }
        return new ConnectResult(mode, dp, idcode, sizeKiB, attempts);
    }
}
