using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;

namespace Stm32.Build.Flashing;

public sealed partial class FlashPipeline
{
    private int _memoryAp;

    /// <summary>
    /// Whether the unit already holds its content: by the driver's checksum when it has one (a read-back decides
    /// when the checksum cannot be computed), by read-back otherwise. A unit is skipped only on a match.
    /// </summary>
    private async Task<bool> SectorMatchesAsync(IFlashDriver driver, SectorContent content, CancellationToken ct)
    {
        if (driver.Checksum is not { } checksum)
        {
            return ReadBackMismatch(content) is null;
        }
        try
        {
            return await checksum.ComputeAsync(content.Sector, ct).ConfigureAwait(false) == checksum.Expected(content.Content);
        }
        catch (FlashException ex) when (ex.Code is DiagnosticCodes.FlashTimeout or DiagnosticCodes.FlashOperationError)
        {
            // The checksum cannot be used here: compare by reading the unit back.
            return ReadBackMismatch(content) is null;
        }
    }

    /// <summary>The first address where the flash differs from the content, or null when it matches.</summary>
    private uint? ReadBackMismatch(SectorContent content)
    {
        var buffer = new byte[content.Content.Length];
        _session.ReadMemory(_memoryAp, content.Sector.Start, buffer);
        var index = buffer.AsSpan().CommonPrefixLength(content.Content);
        return index == buffer.Length ? null : content.Sector.Start + (uint)index;
    }

    /// <summary>
    /// Verifies the written units: <c>crc</c> uses the driver's checksum and confirms any disagreement by a
    /// read-back (only a read-back difference fails); drivers without a checksum, and <c>readback</c>, read every
    /// unit back; <c>none</c> skips.
    /// </summary>
    private async Task VerifyAsync(IFlashDriver driver, List<SectorContent> written, VerifyMode mode, FlashReport report, CancellationToken ct)
    {
        if (mode == VerifyMode.None)
        {
            report.Verify = new VerifyReport("none", "skipped", 0, false, null);
            return;
        }
        var checksum = mode == VerifyMode.Crc ? driver.Checksum : null;
        var modeName = checksum is null ? "readback" : "crc";
        var disagreed = false;
        var checkedCount = 0;
        var total = written.Sum(p => (long)p.Sector.Size);
        var done = 0L;
        foreach (var content in written)
        {
            uint? mismatch;
            var crcNote = "";
            uint? unit = null;
            uint expected = 0;
            if (checksum is not null)
            {
                expected = checksum.Expected(content.Content);
                try
                {
                    unit = await checksum.ComputeAsync(content.Sector, ct).ConfigureAwait(false);
                }
                catch (FlashException ex) when (ex.Code is DiagnosticCodes.FlashTimeout or DiagnosticCodes.FlashOperationError)
                {
                    // The checksum cannot be used here: the read-back decides.
                    report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.CrcDisagreed,
                        $"{checksum.Name} could not check {content.Sector} ({ex.Message}); verified by read-back", content.Sector.Start));
                }
            }
            if (unit is uint actual)
            {
                if (actual == expected)
                {
                    mismatch = null;
                }
                else
                {
                    // Never trust the checksum alone: confirm with a read-back before calling it a failure.
                    disagreed = true;
                    crcNote = $"; {checksum!.Name} disagreed too (expected 0x{expected:X8}, got 0x{actual:X8})";
                    mismatch = ReadBackMismatch(content);
                    if (mismatch is null)
                    {
                        report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.CrcDisagreed,
                            $"{checksum.Name} reported 0x{actual:X8} for {content.Sector} where 0x{expected:X8} was expected, but a read-back of the sector matches the image: the sector is correct",
                            content.Sector.Start));
                    }
                }
            }
            else
            {
                mismatch = ReadBackMismatch(content);
            }
            checkedCount++;
            done += content.Sector.Size;
            Report(FlashPhase.Verify, done, total, content.Sector.ToString());
            if (mismatch is uint at)
            {
                report.Verify = new VerifyReport(modeName, "failed", checkedCount, disagreed, Diagnostic.Hex(at));
                var buffer = new byte[4];
                _session.ReadMemory(_memoryAp, at & ~3u, buffer);
                var image = BitConverter.ToUInt32(content.Content, (int)((at & ~3u) - content.Sector.Start));
                throw FlashErrors.Create(DiagnosticCodes.VerifyFailed,
                    $"verify failed at {Diagnostic.Hex(at)} in {content.Sector}: the flash reads 0x{BitConverter.ToUInt32(buffer):X8} where the image has 0x{image:X8}{crcNote}",
                    at);
            }
        }
        report.Verify = new VerifyReport(modeName, "passed", checkedCount, disagreed, null);
    }
}
