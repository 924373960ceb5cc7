using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.StLink;
using Stm32.Build.StLink.Target;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing;

public sealed partial class FlashPipeline
{
    /// <summary>
    /// Resets with the vector catch and checks, for every core that has an image, that it halted at the image's
    /// reset handler (vector 1) with SP = the image's initial SP (vector 0).
    /// </summary>
    private async Task ConfirmBootAsync(TargetConnector connector, DeviceDescription device, IReadOnlyList<ResolvedImage> images, FlashReport report, CancellationToken ct)
    {
        Report(FlashPhase.ConfirmBoot, 0, 0, message: "reset with vector catch");
        var start = _session.Clock.Now;
        await connector.ResetToVectorAsync(ct).ConfigureAwait(false);
        var failures = new List<string>();
        foreach (var image in images)
        {
            var core = image.Core is null ? null : device.FindCore(image.Core);
            if (core is null || image.BootAddress is not uint boot || image.Image.ReadUInt32(boot) is not uint sp
                || image.Image.ReadUInt32(boot + 4) is not uint reset)
            {
                continue;
            }
            if (core != device.Cores[0])
            {
                await connector.WaitHaltedAsync(core, ct).ConfigureAwait(false);
            }
            var pc = _session.ReadCoreRegister(core.AccessPort, CortexM.RegPc);
            var actualSp = _session.ReadCoreRegister(core.AccessPort, CortexM.RegSp);
            var expectedPc = reset & ~1u;
            var ok = pc == expectedPc && actualSp == sp;
            report.Boot.Add(new BootReport(core.Name, ok, Diagnostic.Hex(expectedPc), Diagnostic.Hex(pc), Diagnostic.Hex(sp), Diagnostic.Hex(actualSp)));
            if (!ok)
            {
                failures.Add($"the {core.Name} halted at PC {Diagnostic.Hex(pc)} with SP {Diagnostic.Hex(actualSp)}, but the image's reset handler is {Diagnostic.Hex(expectedPc)} and its initial SP {Diagnostic.Hex(sp)}");
            }
        }
        report.DurationsMs["confirmBoot"] = Ms(_session.Clock.Now - start);
        if (failures.Count > 0)
        {
            throw FlashErrors.Create(DiagnosticCodes.BootNotConfirmed,
                "boot not confirmed after a reset with vector catch: " + string.Join("; ", failures)
                + ". Check the boot address option bytes (BOOT_CMx_ADD0), BOOT0 and the image's vector table");
        }
    }

    /// <summary>
    /// Lets the firmware run, polls the debug port (DP IDCODE, DBGMCU IDCODE, DHCSR) for the delay guard and once more
    /// at its end. When it stops answering: connect under reset; regained → "the firmware disables debug access
    /// within N ms" (error or warning); nothing answers → the recovery diagnostic.
    /// </summary>
    private async Task RunAndGuardAsync(TargetConnector connector, DeviceDescription device, TimeSpan guard, bool lossIsWarning, OptionBytesState? options, FlashReport report, CancellationToken ct,
        IReadOnlyList<HazardEvidence>? evidence = null)
    {
        var clock = _session.Clock;
        var t0 = clock.Now; // before the resume: the window is an upper bound of the firmware's run time
        ResumeAll(device);
        if (guard <= TimeSpan.Zero)
        {
            report.DelayGuard = new DelayGuardReport(0, "disabled", null, null, 0);
            return;
        }
        Report(FlashPhase.DelayGuard, 0, (long)guard.TotalMilliseconds, message: $"letting the firmware run for {guard.TotalMilliseconds:0} ms");
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var wallCap = guard + guard + TimeSpan.FromSeconds(30);
        var polls = 0;
        double lastOk = 0;
        double? firstFail = null;
        Stm32Exception? silence = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var elapsed = clock.Now - t0;
            var done = elapsed >= guard || wall.Elapsed > wallCap;
            polls++;
            silence = Answering(device);
            var at = Ms(clock.Now - t0);
            if (silence is not null)
            {
                firstFail = at;
                break;
            }
            lastOk = at;
            if (done)
            {
                break;
            }
            Report(FlashPhase.DelayGuard, (long)elapsed.TotalMilliseconds, (long)guard.TotalMilliseconds);
            await clock.PauseAsync(TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false);
        }
        report.DurationsMs["delayGuard"] = Ms(clock.Now - t0);
        if (firstFail is not double lost)
        {
            report.DelayGuard = new DelayGuardReport(Ms(guard), "passed", lastOk, null, polls);
            return;
        }

        Report(FlashPhase.Recover, 0, 0, message: $"the debug port stopped answering {lost:0.#} ms after reset; connecting under reset");
        var window = string.Create(CultureInfo.InvariantCulture,
            $"within {Math.Ceiling(lost):0} ms of reset (it answered {lastOk:0.###} ms after the core started and no longer at {lost:0.###} ms: {silence!.Message})");
        _session.Disconnect();
        var regain = new TargetConnector(_session, device) { Attempts = 2, RetryDelay = connector.RetryDelay, HaltTimeout = connector.HaltTimeout };
        try
        {
            await regain.ConnectAsync(ConnectMode.UnderReset, ct).ConfigureAwait(false);
        }
        catch (Stm32Exception ex)
        {
            if (ProbeLost(ex) is { } probeError)
            {
                report.DelayGuard = new DelayGuardReport(Ms(guard), "probe-lost", lastOk, lost, polls);
                throw probeError;
            }
            report.DelayGuard = new DelayGuardReport(Ms(guard), "lost-unrecoverable", lastOk, lost, polls);
            throw Unrecoverable(device, options, window, ex, evidence);
        }
        report.DelayGuard = new DelayGuardReport(Ms(guard), "lost-regained", lastOk, lost, polls);
        var message = $"the firmware disables debug access {window}; control was regained by connect-under-reset and the core is halted at its reset handler. "
            + "Likely causes: the SWD pins PA13/PA14 reassigned by GPIO initialisation; a low-power mode (Stop/Standby) entered without the DBGMCU_CR debug-in-low-power bits; "
            + "debug clocks or the debug port turned off. Fix the firmware, or set the delay guard to 0 if this is intended";
        if (lossIsWarning)
        {
            report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.DebugAccessLost, message));
            return;
        }
        throw FlashErrors.Create(DiagnosticCodes.DebugAccessLost, message);
    }

    /// <summary>Null when DP IDCODE, DBGMCU IDCODE and DHCSR all answer; otherwise the error that says they do not.</summary>
    private Stm32Exception? Answering(DeviceDescription device)
    {
        try
        {
            _session.ReadDpIdcode();
            var primary = device.Cores[0];
            _session.ReadWord(primary.AccessPort, device.DbgmcuIdcodeAddress);
            _session.ReadWord(primary.AccessPort, ArmDebugRegisters.Dhcsr);
            return null;
        }
        catch (TransportException ex)
        {
            throw ProbeLost(ex)!; // the probe, not the target, stopped answering
        }
        catch (Stm32Exception ex) when (TargetConnector.IsTargetSilence(ex))
        {
            return ex;
        }
    }

    /// <summary>
    /// When a failure to regain the target is really the probe (a transport failure anywhere in the chain, or a probe
    /// that no longer answers a question of its own, the target voltage), the probe error to report instead of a
    /// diagnosis of the target: its recovery steps erase the flash and must only be given with the probe present.
    /// </summary>
    private ProbeException? ProbeLost(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is TransportException transport)
            {
                return Lost(transport);
            }
        }
        try
        {
            _session.ReadTargetVoltage();
            return null;
        }
        catch (ProbeException probe)
        {
            return Lost(probe);
        }

        static ProbeException Lost(ProbeException e) => new(e.Diagnostic with
        {
            Message = e.Message + "; this happened during the delay guard, so nothing is known about the target: reconnect the probe and flash again (nothing needs erasing)",
        }, e);
    }

    /// <summary>The recovery diagnostic: what happened, the likely causes on the STM32H7 ranked, the exact recovery steps.</summary>
    internal static FlashException Unrecoverable(DeviceDescription device, OptionBytesState? options, string window, Exception inner, IReadOnlyList<HazardEvidence>? evidence = null)
    {
        var h7 = string.Equals(device.Family, "STM32H7", StringComparison.OrdinalIgnoreCase);
        var general = h7
            ? new List<(HazardCause Cause, string Text)>
            {
                (HazardCause.Supply, "the power-supply configuration in the firmware does not match the board's SMPS/LDO wiring (PWR_CR3 / HAL_PWREx_ConfigSupply): the core supply collapses and takes the debug port with it; only a power cycle with BOOT0 high stops the firmware from doing it again"),
                (HazardCause.SwdPins, "the SWD pins PA13 (SWDIO) and PA14 (SWCLK) are reassigned by the firmware's GPIO initialisation"),
                (HazardCause.LowPower, "a low-power mode (Stop/Standby) is entered without the DBGMCU_CR DBGSTOP/DBGSTBY debug-in-low-power bits"),
                (HazardCause.OptionBytes, "BCM7 is disabled in the option bytes, so the Cortex-M7 never starts (dual-core parts)"),
            }
            : new List<(HazardCause Cause, string Text)>
            {
                // Families without a supply configuration or core gating (RM0090 and the other single-core manuals).
                (HazardCause.SwdPins, "the SWD pins PA13 (SWDIO) and PA14 (SWCLK) are reassigned by the firmware's GPIO initialisation"),
                (HazardCause.LowPower, "a low-power mode (Stop/Standby) is entered without the DBGMCU_CR DBG_STOP/DBG_STANDBY debug-in-low-power bits"),
                (HazardCause.Other, "the debug clocks or the debug port are turned off by the firmware, or the watchdog resets the chip faster than the probe can connect"),
            };
        if (device.IsDualCore && options is not null && options.IsCoreGated(device.Cores[0].Name))
        {
            // The option bytes read before programming say BCM7 = 0: that is the most likely cause here.
            general.Insert(0, (HazardCause.OptionBytes, general[^1].Text + " — the option bytes read before programming show BCM7 = 0"));
            general.RemoveAt(general.Count - 1);
        }
        var causes = RankCauses(general, evidence ?? []);
        var steps = new List<string>
        {
            "pull BOOT0 high (BOOT0 to VDD) so the chip starts in the system bootloader instead of the firmware",
            "power-cycle the board (remove power completely, then restore it; an NRST pulse is not enough)",
            "run `stm32 recover` (or the Stm32Recover MSBuild target): it connects under reset, mass-erases both banks and proves the flash reads blank",
            "pull BOOT0 low again",
            "power-cycle the board",
            "fix the cause in the firmware before flashing again (then `stm32 flash` works as usual)",
        };
        var message = $"the target does not answer: the firmware disabled debug access {window}, and connect-under-reset did not regain control ({inner.Message}). "
            + $"Likely causes on the {device.Family}, most likely first: " + string.Join("; ", causes.Select((c, i) => $"({i + 1}) {c}"))
            + ". Recovery: " + string.Join("; ", steps.Select((s, i) => $"{i + 1}. {s}"))
            + $". If the probe's NRST line is not wired to the chip, connect-under-reset cannot work: wire it first. See {RecoveryDocLink}";
        return new FlashException(new Diagnostic(DiagnosticCodes.TargetUnrecoverable, DiagnosticSeverity.Error, message), inner)
        {
            LikelyCauses = causes,
            RecoverySteps = steps,
        };
    }
}
