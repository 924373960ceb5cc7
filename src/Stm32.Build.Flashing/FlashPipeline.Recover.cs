using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;

namespace Stm32.Build.Flashing;

/// <summary>What <see cref="FlashPipeline.RecoverAsync(DeviceDescription, RecoverOptions, CancellationToken)"/> may do beyond the mass erase.</summary>
public sealed record RecoverOptions
{
    /// <summary>
    /// Regress readout protection from level 1 to level 0 when the chip is at level 1: the chip mass-erases the
    /// whole flash as part of the option change. Needs <see cref="ConfirmMassErase"/>.
    /// </summary>
    public bool RdpRegression { get; init; }

    /// <summary>The explicit confirmation that the RDP regression erases the whole flash.</summary>
    public bool ConfirmMassErase { get; init; }
}

public sealed partial class FlashPipeline
{
    /// <summary>
    /// The recovery sequence: connect under reset (BOOT0 should be high and the board power-cycled, so the firmware
    /// does not start), erase every bank, and prove the flash reads blank by reading every byte back.
    /// </summary>
    public Task<FlashReport> RecoverAsync(DeviceDescription device, CancellationToken cancellationToken = default) =>
        RecoverAsync(device, new RecoverOptions(), cancellationToken);

    /// <summary>
    /// The recovery sequence (see <see cref="RecoverAsync(DeviceDescription, CancellationToken)"/>); with
    /// <see cref="RecoverOptions.RdpRegression"/> and its confirmation, a chip at readout protection level 1 is
    /// brought back to level 0 instead (which mass-erases it) and the flash is then proven blank. Without them, a
    /// chip at level 1 is refused with the way to do it; level 2 is always refused.
    /// </summary>
    public async Task<FlashReport> RecoverAsync(DeviceDescription device, RecoverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var report = NewReport("recover", device);
        await RunAsync(report, async () =>
        {
            if (options.RdpRegression && !options.ConfirmMassErase)
            {
                throw FlashErrors.Create(DiagnosticCodes.RdpRegressionNotConfirmed,
                    "the readout protection regression to level 0 erases the whole flash, and it was asked for without its confirmation; nothing was touched. "
                    + "Add --confirm-mass-erase (MSBuild: Stm32ConfirmMassErase=true) to go ahead");
            }
            var connector = Connector(device, 3, TimeSpan.FromMilliseconds(100), report);
            await ConnectAsync(connector, device, ConnectMode.UnderReset, report, cancellationToken).ConfigureAwait(false);
            var driver = CreateDriver(device, report, cancellationToken);
            ReadOptionBytes(driver, device, null, report);
            var protection = ReadProtection(driver, report);
            if (protection.RdpLevel == 1 && options.RdpRegression)
            {
                Report(FlashPhase.OptionBytes, 0, 0, message: "regressing readout protection to level 0 (the chip mass-erases its flash)");
                var start = _session.Clock.Now;
                var after = await driver.RegressReadoutProtectionAsync(cancellationToken).ConfigureAwait(false);
                report.DurationsMs["rdpRegression"] = Ms(_session.Clock.Now - start);
                report.OptionBytes = ToReport(after, device, written: true);
                report.MassErased = true;
                report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.RdpRegressed,
                    $"readout protection regressed from level 1 to level 0; the chip erased its whole flash ({after.Summary})"));
            }
            else
            {
                RefuseReadoutProtected(device, protection, "the recovery");
                RefuseProtected(protection, driver.PlanErase(FlashSector.All(driver.Banks, device.EraseUnit)), "the recovery's erase of every bank");
                using (driver.Unlock(driver.Banks))
                {
                    Report(FlashPhase.Erase, 0, device.FlashSize, message: "erasing every bank");
                    await driver.MassEraseAsync(driver.Banks, cancellationToken).ConfigureAwait(false);
                }
                report.MassErased = true;
            }
            ProveBlank(device, driver.Banks, report, cancellationToken);
            report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.OptionBytesReport,
                "recovered: every bank erased and read back blank; pull BOOT0 low and power-cycle the board before flashing again"));
        }).ConfigureAwait(false);
        return report;
    }

    /// <summary>Reads every byte of <paramref name="banks"/> back and fails on the first that is not erased.</summary>
    private void ProveBlank(DeviceDescription device, IReadOnlyList<FlashBank> banks, FlashReport report, CancellationToken cancellationToken)
    {
        Report(FlashPhase.Verify, 0, device.FlashSize, message: "proving the flash blank");
        var buffer = new byte[64 * 1024];
        long done = 0;
        foreach (var bank in banks)
        {
            for (uint offset = 0; offset < bank.Size; offset += (uint)buffer.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, (int)Math.Min((uint)buffer.Length, bank.Size - offset));
                _session.ReadMemory(device.Cores[0].AccessPort, bank.Start + offset, chunk);
                var bad = chunk.IndexOfAnyExcept(device.ErasedValue);
                if (bad >= 0)
                {
                    var at = bank.Start + offset + (uint)bad;
                    report.Verify = new VerifyReport("readback", "failed", 0, false, Diagnostic.Hex(at));
                    throw FlashErrors.Create(DiagnosticCodes.RecoverFailed,
                        $"the flash is not blank after the mass erase: {Diagnostic.Hex(at)} reads 0x{chunk[bad]:X2}", at);
                }
                done += chunk.Length;
                Report(FlashPhase.Verify, done, device.FlashSize);
            }
        }
        report.Verify = new VerifyReport("readback", "blank", banks.Sum(b => b.SectorCount), false, null);
    }
}
