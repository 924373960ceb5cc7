using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;

namespace Stm32.Build.Flashing;

public sealed partial class FlashPipeline
{
    /// <summary>
    /// Erases the sectors overlapping [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>)
    /// or, when <paramref name="length"/> is null, both banks entirely. Relocks in every exit path.
    /// </summary>
    public async Task<FlashReport> EraseAsync(DeviceDescription device, ConnectMode mode = ConnectMode.Auto, uint? start = null, uint? length = null, CancellationToken cancellationToken = default)
    {
        var report = NewReport("erase", device);
        await RunAsync(report, async () =>
        {
            var connector = Connector(device, 2, TimeSpan.FromMilliseconds(100), report);
            await ConnectAsync(connector, device, mode, report, cancellationToken).ConfigureAwait(false);
            var driver = CreateDriver(device, report, cancellationToken);
            try
            {
                if (length is null)
                {
                    foreach (var bank in device.FlashBanks)
                    {
                        driver.Unlock(bank);
                    }
                    Report(FlashPhase.Erase, 0, device.FlashSize, message: "erasing both banks");
                    await driver.EraseBanksAsync(device.FlashBanks).ConfigureAwait(false);
                    report.MassErased = true;
                }
                else
                {
                    var first = start ?? device.FlashBanks[0].Start;
                    var end = (ulong)first + length.Value;
                    var sectors = device.FlashBanks
                        .SelectMany(b => Enumerable.Range(0, b.SectorCount).Select(i => new H7.FlashSector(b, i)))
                        .Where(s => s.Start < end && s.End > first)
                        .ToList();
                    if (sectors.Count == 0 || length.Value == 0)
                    {
                        throw FlashErrors.Create(DiagnosticCodes.FlashAddressOutOfRange,
                            $"{Diagnostic.Hex(first)}..{Diagnostic.Hex(end)} is not in the {device.Name}'s flash", first);
                    }
                    foreach (var bank in sectors.Select(s => s.Bank).DistinctBy(b => b.Number))
                    {
                        driver.Unlock(bank);
                    }
                    await driver.EraseSectorsAsync(sectors, s => report.SectorsErased.Add($"{s.Bank.Number}:{s.Index}")).ConfigureAwait(false);
                }
            }
            finally
            {
                driver.LockAllBestEffort();
            }
        }).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// The recovery sequence: connect under reset (BOOT0 should be high and the board power-cycled, so the firmware
    /// does not start), erase both banks, and prove the flash reads blank by reading every byte back.
    /// </summary>
    public async Task<FlashReport> RecoverAsync(DeviceDescription device, CancellationToken cancellationToken = default)
    {
        var report = NewReport("recover", device);
        await RunAsync(report, async () =>
        {
            var connector = Connector(device, 3, TimeSpan.FromMilliseconds(100), report);
            await ConnectAsync(connector, device, ConnectMode.UnderReset, report, cancellationToken).ConfigureAwait(false);
            var driver = CreateDriver(device, report, cancellationToken);
            ReadOptionBytes(driver, device, null, report);
            try
            {
                foreach (var bank in device.FlashBanks)
                {
                    driver.Unlock(bank);
                }
                Report(FlashPhase.Erase, 0, device.FlashSize, message: "erasing both banks");
                await driver.EraseBanksAsync(device.FlashBanks).ConfigureAwait(false);
                report.MassErased = true;
            }
            finally
            {
                driver.LockAllBestEffort();
            }
            Report(FlashPhase.Verify, 0, device.FlashSize, message: "proving the flash blank");
            var buffer = new byte[64 * 1024];
            long done = 0;
            foreach (var bank in device.FlashBanks)
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
            report.Verify = new VerifyReport("readback", "blank", device.FlashBanks.Sum(b => b.SectorCount), false, null);
            report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.OptionBytesReport,
                "recovered: both banks erased and read back blank; pull BOOT0 low and power-cycle the board before flashing again"));
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
