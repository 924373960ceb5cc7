using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;

namespace Stm32.Build.Validation;

public sealed partial class ImageValidator
{
    /// <summary>Walks every segment through the device's regions and reports bytes where they cannot go.</summary>
    private void CheckMemoryMap(FirmwareImage image, CoreDescription? core, List<Diagnostic> findings)
    {
        var regions = _device.AllRegions.OrderBy(r => r.Start).ToArray();
        var reportedRam = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in image.Segments)
        {
            ulong cursor = segment.Address;
            while (cursor < segment.End)
            {
                var region = Array.Find(regions, r => cursor >= r.Start && cursor < r.End);
                if (region is null)
                {
                    var next = regions.Where(r => r.Start > cursor).Select(r => (ulong)r.Start).DefaultIfEmpty(ulong.MaxValue).Min();
                    var runEnd = Math.Min(segment.End, next);
                    ReportUnmapped(image, (uint)cursor, runEnd, findings);
                    cursor = runEnd;
                    continue;
                }
                var end = Math.Min(segment.End, region.End);
                ReportRegion(image, core, region, (uint)cursor, end, reportedRam, findings);
                cursor = end;
            }
        }
    }

    private void ReportUnmapped(FirmwareImage image, uint start, ulong end, List<Diagnostic> findings)
    {
        var flashEnd = _device.FlashBanks.FirstOrDefault(b => b.End == start);
        if (flashEnd is not null)
        {
            findings.Add(At(image, start, DiagnosticCodes.ValidationLargerThanFlash, DiagnosticSeverity.Error,
                $"the image runs {end - start} bytes past the end of flash bank {flashEnd.Number} ({Hex(flashEnd.Start)}–{Hex(flashEnd.End - 1)}): " +
                $"bytes at {Hex(start)}–{Hex(end - 1)} are outside the {Size(_device.FlashSize)} of flash of {_device.Name}"));
            return;
        }
        findings.Add(At(image, start, DiagnosticCodes.ValidationOutsideMemory, DiagnosticSeverity.Error,
            $"bytes at {Hex(start)}–{Hex(end - 1)} ({end - start} bytes) are outside every flash and RAM region of {_device.Name}"));
    }

    private static void ReportRegion(FirmwareImage image, CoreDescription? core, MemoryRegion region, uint start, ulong end,
        HashSet<string> reportedRam, List<Diagnostic> findings)
    {
        var range = $"{Hex(start)}–{Hex(end - 1)}";
        switch (region.Kind)
        {
            case MemoryKind.SystemMemory:
                findings.Add(At(image, start, DiagnosticCodes.ValidationInSystemMemory, DiagnosticSeverity.Error,
                    $"bytes at {range} are in {region.Name} ({Hex(region.Start)}–{Hex(region.End - 1)}), ST's read-only system memory; it cannot be programmed"));
                break;
            case MemoryKind.OptionBytes:
                findings.Add(At(image, start, DiagnosticCodes.ValidationInOptionBytes, DiagnosticSeverity.Error,
                    $"bytes at {range} are in the option bytes ({region.Name}); option bytes are written only when asked for explicitly"));
                break;
            case MemoryKind.Ram when core is not null && !region.IsVisibleTo(core.Name):
                findings.Add(At(image, start, DiagnosticCodes.ValidationRamNotVisibleToCore, DiagnosticSeverity.Error,
                    $"bytes at {range} are in {region.Name}, which the {core.Name} ({core.Architecture}) cannot reach"));
                break;
            case MemoryKind.Ram when reportedRam.Add(region.Name):
                findings.Add(At(image, start, DiagnosticCodes.ValidationInRam, DiagnosticSeverity.Warning,
                    $"bytes at {range} are in {region.Name}: RAM is not programmed and does not survive reset (initialised data belongs at its load address in flash)"));
                break;
            case MemoryKind.Peripheral:
                findings.Add(At(image, start, DiagnosticCodes.ValidationOutsideMemory, DiagnosticSeverity.Error,
                    $"bytes at {range} are in peripheral registers ({region.Name})"));
                break;
        }
    }

    /// <summary>Checks the flash size and, for single-bank images, that the image stays in one bank.</summary>
    private void CheckSize(FirmwareImage image, CoreDescription? core, List<Diagnostic> findings)
    {
        ulong flashBytes = 0;
        var banksTouched = new SortedDictionary<int, uint>();
        foreach (var segment in image.Segments)
        {
            foreach (var bank in _device.FlashBanks)
            {
                var start = Math.Max(segment.Address, (ulong)bank.Start);
                var end = Math.Min(segment.End, bank.End);
                if (start < end)
                {
                    flashBytes += end - start;
                    if (!banksTouched.ContainsKey(bank.Number))
                    {
                        banksTouched[bank.Number] = (uint)start;
                    }
                }
            }
        }
        if (flashBytes > _device.FlashSize)
        {
            findings.Add(At(image, (uint)image.StartAddress!.Value, DiagnosticCodes.ValidationLargerThanFlash, DiagnosticSeverity.Error,
                $"the image has {flashBytes} bytes for flash but {_device.Name} has {Size(_device.FlashSize)}"));
        }
        var singleBank = _options.SingleBank ?? _device.IsDualCore;
        if (singleBank && banksTouched.Count > 1)
        {
            var first = banksTouched.First();
            var bank = _device.FlashBanks.First(b => b.Number == first.Key);
            var spill = banksTouched.Skip(1).First();
            var who = core is null ? "a single-bank image" : $"the {core.Name} image";
            findings.Add(At(image, spill.Value, DiagnosticCodes.ValidationLargerThanBank, DiagnosticSeverity.Error,
                $"{who} must fit in flash bank {bank.Number} ({Hex(bank.Start)}–{Hex(bank.End - 1)}, {Size(bank.Size)}) but has bytes in bank {spill.Key} from {Hex(spill.Value)}"));
        }
    }

    /// <summary>On dual-core parts each core's image belongs in its own bank (RM0399 2.6: CM7 boots from bank 1, CM4 from bank 2 by default).</summary>
    private void CheckCoreBank(FirmwareImage image, CoreDescription core, List<Diagnostic> findings)
    {
        if (core.PreferredBank == 0)
        {
            return;
        }
        foreach (var bank in _device.FlashBanks.Where(b => b.Number != core.PreferredBank))
        {
            var segment = image.Segments.FirstOrDefault(s => s.Address < bank.End && s.End > bank.Start);
            if (segment is null)
            {
                continue;
            }
            var address = Math.Max(segment.Address, bank.Start);
            var code = core.PreferredBank == 2 ? DiagnosticCodes.ValidationCm4ImageInBank1 : DiagnosticCodes.ValidationCm7ImageInBank2;
            findings.Add(At(image, address, code, DiagnosticSeverity.Error,
                $"the {core.Name} image has bytes at {Hex(address)} in flash bank {bank.Number}, which belongs to the other core on {_device.Name}; the {core.Name} image belongs in bank {core.PreferredBank}"));
        }
    }
}
