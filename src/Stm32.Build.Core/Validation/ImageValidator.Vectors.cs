using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;

namespace Stm32.Build.Validation;

public sealed partial class ImageValidator
{
    /// <summary>ARMv7-M B1.5.3: the system exception numbers and their names; 7–10 and 13 are reserved.</summary>
    private static readonly string?[] s_systemVectorNames =
    [
        "initial SP", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault",
        null, null, null, null, "SVCall", "DebugMonitor", null, "PendSV", "SysTick",
    ];

    private const int MaxVectorFindings = 8;

    /// <summary>
    /// For each core with an image: the vector table must be at the core's boot address, with an initial SP in RAM
    /// the core reaches (or at the end of such a region: the stack grows down) and a Thumb reset handler in flash.
    /// Several files for one core (a bootloader and an application) are checked together.
    /// </summary>
    private void CheckVectorTables(IReadOnlyList<ResolvedImage> images, List<Diagnostic> findings)
    {
        foreach (var group in images.Where(i => i.Core is not null && !i.Image.IsEmpty).GroupBy(i => i.Core!, StringComparer.OrdinalIgnoreCase))
        {
            var core = _device.FindCore(group.Key)!;
            var boot = BootAddressOf(core);
            var holder = group.FirstOrDefault(i => i.Image.TryRead(boot, stackalloc byte[4]));
            if (holder is null)
            {
                var first = group.First().Image;
                var start = (uint)group.Min(i => i.Image.StartAddress!.Value);
                findings.Add(At(first, start, DiagnosticCodes.ValidationNoVectorTable, DiagnosticSeverity.Error,
                    $"no vector table at the {core.Name} boot address {Hex(boot)} ({core.BootOptionName}): the image starts at {Hex(start)}, so the {core.Name} would not start it"));
                continue;
            }
            var image = holder.Image;
            var lowest = group.Select(i => FirstFlashAddress(i.Image)).Where(a => a is not null).Select(a => a!.Value).DefaultIfEmpty(boot).Min();
            if (lowest < boot)
            {
                var owner = group.First(i => FirstFlashAddress(i.Image) == lowest).Image;
                findings.Add(At(owner, lowest, DiagnosticCodes.ValidationNotAtBootAddress, DiagnosticSeverity.Warning,
                    $"the {core.Name} image starts at {Hex(lowest)}, below the boot address {Hex(boot)} ({core.BootOptionName}); the bytes before it are never run from reset"));
            }
            CheckVectors(image, core, boot, findings);
        }
    }

    private void CheckVectors(FirmwareImage image, CoreDescription core, uint boot, List<Diagnostic> findings)
    {
        Span<byte> pair = stackalloc byte[8];
        if (!image.TryRead(boot, pair))
        {
            findings.Add(At(image, boot, DiagnosticCodes.ValidationVectorTableTruncated, DiagnosticSeverity.Error,
                $"the vector table at {Hex(boot)} is shorter than its first two entries (initial SP and reset handler)"));
            return;
        }
        var sp = BinaryPrimitives.ReadUInt32LittleEndian(pair);
        var reset = BinaryPrimitives.ReadUInt32LittleEndian(pair[4..]);

        var ram = _device.RamRegions.Where(r => r.IsVisibleTo(core.Name)).ToArray();
        if (!ram.Any(r => (sp >= r.Start && sp < r.End) || sp == r.End))
        {
            findings.Add(At(image, boot, DiagnosticCodes.ValidationInitialSpOutsideRam, DiagnosticSeverity.Error,
                $"the initial stack pointer {Hex(sp)} (vector 0 at {Hex(boot)}) is not in RAM the {core.Name} can reach ({string.Join(", ", ram.Select(r => $"{r.Name} {Hex(r.Start)}–{Hex(r.End)}"))})"));
        }
        else if (sp % 8 != 0)
        {
            findings.Add(At(image, boot, DiagnosticCodes.ValidationInitialSpMisaligned, DiagnosticSeverity.Warning,
                $"the initial stack pointer {Hex(sp)} is not 8-byte aligned (the AAPCS requires 8-byte stack alignment at public interfaces)"));
        }

        var resetTarget = reset & ~1u;
        var resetName = SymbolSuffix(image, resetTarget);
        if (_device.FindBank(resetTarget) is null)
        {
            findings.Add(At(image, boot + 4, DiagnosticCodes.ValidationResetHandlerOutsideFlash, DiagnosticSeverity.Error,
                $"the reset handler {Hex(reset)}{resetName} (vector 1 at {Hex(boot + 4)}) is not in flash; at reset nothing else has been loaded"));
        }
        if ((reset & 1) == 0)
        {
            findings.Add(At(image, boot + 4, DiagnosticCodes.ValidationResetHandlerNotThumb, DiagnosticSeverity.Error,
                $"the reset handler {Hex(reset)}{resetName} has no Thumb bit (bit 0): a Cortex-M only runs Thumb code and would fault (INVSTATE) on its first instruction"));
        }

        var entries = VectorCount(image, core, boot);
        var bad = 0;
        Span<byte> word = stackalloc byte[4];
        for (var n = 2; n < entries; n++)
        {
            if (n < s_systemVectorNames.Length && s_systemVectorNames[n] is null)
            {
                continue;
            }
            var at = boot + (uint)(n * 4);
            if (!image.TryRead(at, word))
            {
                break;
            }
            var vector = BinaryPrimitives.ReadUInt32LittleEndian(word);
            if (vector == 0 || (vector & 1) != 0)
            {
                continue;
            }
            if (++bad <= MaxVectorFindings)
            {
                var name = n < 16 ? s_systemVectorNames[n] : $"IRQ{n - 16}";
                findings.Add(At(image, at, DiagnosticCodes.ValidationVectorNotThumb, DiagnosticSeverity.Error,
                    $"vector {n} ({name}) at {Hex(at)} is {Hex(vector)}{SymbolSuffix(image, vector)} without the Thumb bit: taking that exception would fault"));
            }
        }
        if (bad > MaxVectorFindings)
        {
            findings.Add(At(image, boot, DiagnosticCodes.ValidationVectorNotThumb, DiagnosticSeverity.Error,
                $"{bad - MaxVectorFindings} more vectors of the table at {Hex(boot)} lack the Thumb bit"));
        }
    }

    /// <summary>
    /// How many entries to check: the ELF section holding the table when there is one (its size), otherwise the
    /// core's full table (16 + interrupt lines), stopping early where the image has no bytes.
    /// </summary>
    private static int VectorCount(FirmwareImage image, CoreDescription core, uint boot)
    {
        var section = image.Sections.FirstOrDefault(s => s.HasContents && s.LoadAddress == boot && s.Size >= 8);
        return section is null ? core.VectorTableEntries : (int)Math.Min(section.Size / 4, (uint)core.VectorTableEntries);
    }

    private static string SymbolSuffix(FirmwareImage image, uint address)
    {
        var symbol = image.SymbolAt(address & ~1u);
        return symbol is null ? "" : $" ({symbol.Name})";
    }

    /// <summary>Bytes of two inputs at the same address: an error naming both files and the range.</summary>
    private static void CheckOverlaps(IReadOnlyList<ResolvedImage> images, List<Diagnostic> findings)
    {
        for (var i = 0; i < images.Count; i++)
        {
            for (var j = i + 1; j < images.Count; j++)
            {
                var overlap = FirstOverlap(images[i].Image, images[j].Image);
                if (overlap is not (uint start, ulong end))
                {
                    continue;
                }
                var a = images[i];
                var b = images[j];
                var sameCore = string.Equals(a.Core, b.Core, StringComparison.OrdinalIgnoreCase);
                var code = sameCore || a.Core is null || b.Core is null ? DiagnosticCodes.ValidationInputsOverlap : DiagnosticCodes.ValidationCoreImagesOverlap;
                var other = b.Image.LocationOf(start);
                var otherPlace = other.Line is int line ? $"{other.File}({line})" : other.Offset is long off ? $"{other.File} at offset 0x{off:X}" : other.File;
                var what = code == DiagnosticCodes.ValidationCoreImagesOverlap ? $"the {a.Core} and {b.Core} images overlap" : "two input files overlap";
                findings.Add(At(a.Image, start, code, DiagnosticSeverity.Error,
                    $"{what} at {Hex(start)}–{Hex(end - 1)} ({end - start} bytes): also written by {otherPlace}"));
            }
        }
    }

    private static (uint Start, ulong End)? FirstOverlap(FirmwareImage a, FirmwareImage b)
    {
        int i = 0, j = 0;
        var sa = a.Segments;
        var sb = b.Segments;
        while (i < sa.Count && j < sb.Count)
        {
            var start = Math.Max(sa[i].Address, sb[j].Address);
            var end = Math.Min(sa[i].End, sb[j].End);
            if (start < end)
            {
                // Report the whole contiguous overlapping run.
                return (start, end);
            }
            if (sa[i].End <= sb[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return null;
    }
}
