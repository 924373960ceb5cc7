using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;

namespace Stm32.Build.Flashing;

public sealed partial class FlashPipeline
{
    /// <summary>
    /// Erases the sectors overlapping [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>)
    /// or, when <paramref name="length"/> is null, every bank entirely. The protection state is checked first
    /// (readout protection, write-protected sectors); the flash is relocked in every exit path.
    /// </summary>
    public async Task<FlashReport> EraseAsync(DeviceDescription device, ConnectMode mode = ConnectMode.Auto, uint? start = null, uint? length = null, CancellationToken cancellationToken = default)
    {
        var report = NewReport("erase", device);
        await RunAsync(report, async () =>
        {
            var connector = Connector(device, 2, TimeSpan.FromMilliseconds(100), report);
            await ConnectAsync(connector, device, mode, report, cancellationToken).ConfigureAwait(false);
            var driver = CreateDriver(device, report, cancellationToken);
            var protection = ReadProtection(driver, report);
            RefuseReadoutProtected(device, protection, "the erase");
            if (length is null)
            {
                RefuseProtected(protection, driver.PlanErase(FlashSector.All(driver.Banks, device.EraseUnit)), "a mass erase of every bank");
                using var unlocked = driver.Unlock(driver.Banks);
                Report(FlashPhase.Erase, 0, device.FlashSize, message: "erasing every bank");
                await driver.MassEraseAsync(driver.Banks, cancellationToken).ConfigureAwait(false);
                report.MassErased = true;
                return;
            }
            var first = start ?? driver.Banks[0].Start;
            var end = (ulong)first + length.Value;
            var plan = driver.PlanErase(FlashSector.All(driver.Banks, device.EraseUnit).Where(s => s.Overlaps(first, end)));
            if (plan.IsEmpty || length.Value == 0)
            {
                throw FlashErrors.Create(DiagnosticCodes.FlashAddressOutOfRange,
                    $"{Diagnostic.Hex(first)}..{Diagnostic.Hex(end)} is not in the {device.Name}'s flash", first);
            }
            RefuseProtected(protection, plan, $"{Diagnostic.Hex(first)}..{Diagnostic.Hex(end)}");
            using (driver.Unlock(plan.Banks))
            {
                await driver.EraseAsync(plan, s => report.SectorsErased.Add(s.Key), cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Resets the target: <see cref="ResetKind.Hardware"/> pulses NRST, <see cref="ResetKind.Software"/> requests a
    /// system reset (AIRCR.SYSRESETREQ), <see cref="ResetKind.Core"/> resets with the vector catch and leaves the core
    /// halted at its reset handler (PC and SP in the report). Hardware and software resets let the firmware run.
    /// </summary>
    public async Task<FlashReport> ResetAsync(DeviceDescription device, ResetKind kind, ConnectMode mode = ConnectMode.Auto, CancellationToken cancellationToken = default)
    {
        var report = NewReport("reset", device);
        await RunAsync(report, async () =>
        {
            if (kind == ResetKind.Hardware)
            {
                _session.Connect(holdInReset: true);
                await _session.Clock.PauseAsync(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                _session.SetNrst(false);
                return;
            }
            var connector = Connector(device, 2, TimeSpan.FromMilliseconds(100), report);
            await ConnectAsync(connector, device, mode, report, cancellationToken).ConfigureAwait(false);
            await connector.ResetToVectorAsync(cancellationToken).ConfigureAwait(false);
            var primary = device.Cores[0];
            var pc = _session.ReadCoreRegister(primary.AccessPort, CortexM.RegPc);
            var sp = _session.ReadCoreRegister(primary.AccessPort, CortexM.RegSp);
            report.Boot.Add(new BootReport(primary.Name, true, "", Diagnostic.Hex(pc), "", Diagnostic.Hex(sp)));
            if (kind == ResetKind.Software)
            {
                ResumeAll(device);
            }
        }).ConfigureAwait(false);
        return report;
    }

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="address"/> (connecting without halting the cores).</summary>
    public async Task<(FlashReport Report, byte[] Data)> ReadAsync(DeviceDescription device, uint address, int length, ConnectMode mode = ConnectMode.Auto, CancellationToken cancellationToken = default)
    {
        var report = NewReport("read", device);
        var data = Array.Empty<byte>();
        await RunAsync(report, async () =>
        {
            if (length <= 0 || (ulong)address + (ulong)length > 0x1_0000_0000UL)
            {
                throw FlashErrors.Create(DiagnosticCodes.ReadFailed, $"cannot read {length} bytes at {Diagnostic.Hex(address)}", address);
            }
            var connector = Connector(device, 2, TimeSpan.FromMilliseconds(100), report);
            await ConnectAsync(connector, device, mode, report, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[length];
            const int chunk = 64 * 1024;
            for (var offset = 0; offset < length; offset += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = Math.Min(chunk, length - offset);
                _session.ReadMemory(device.Cores[0].AccessPort, address + (uint)offset, buffer.AsSpan(offset, n));
                Report(FlashPhase.Read, offset + n, length);
            }
            ResumeAll(device);
            data = buffer;
        }).ConfigureAwait(false);
        return (report, data);
    }
}
