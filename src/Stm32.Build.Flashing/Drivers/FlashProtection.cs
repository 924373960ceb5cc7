using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>An area protected against reads or kept secure (PCROP, secure-access area), inclusive bounds.</summary>
/// <param name="Name">What the area is, e.g. <c>PCROP</c>.</param>
/// <param name="Bank">The bank number.</param>
/// <param name="Start">The first protected address.</param>
/// <param name="Last">The last protected address.</param>
public sealed record ProtectedArea(string Name, int Bank, uint Start, uint Last)
{
    /// <summary>Whether the area overlaps <paramref name="sector"/>.</summary>
    public bool Overlaps(FlashSector sector) => sector.Overlaps(Start, (ulong)Last + 1);

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Diagnostic.Hex(Start)}..{Diagnostic.Hex(Last)} (bank {Bank})";
}

/// <summary>
/// The protection state of the flash, read before anything is erased: the readout protection level, the erase
/// units that are write-protected and the protected areas — from the option registers the device data names
/// (<see cref="DeviceDescription.Protection"/>).
/// </summary>
public sealed record FlashProtection
{
    /// <summary>The readout protection level: 0, 1 or 2.</summary>
    public required int RdpLevel { get; init; }

    /// <summary>The RDP field's raw value (0xAA, 0xCC, anything else; the RDPRT bit on the F1).</summary>
    public required uint RdpValue { get; init; }

    /// <summary>The write-protected erase units.</summary>
    public IReadOnlyList<FlashSector> WriteProtected { get; init; } = [];

    /// <summary>The PCROP and secure areas in force.</summary>
    public IReadOnlyList<ProtectedArea> Areas { get; init; } = [];

    /// <summary>The write-protected units of <paramref name="plan"/>.</summary>
    public IReadOnlyList<FlashSector> ProtectedIn(FlashErasePlan plan) =>
        [.. plan.Sectors.Where(s => WriteProtected.Any(p => p.Bank.Number == s.Bank.Number && p.Index == s.Index))];

    /// <summary>The protected areas that lie in units of <paramref name="plan"/>, with the unit.</summary>
    public IReadOnlyList<(FlashSector Sector, ProtectedArea Area)> AreasIn(FlashErasePlan plan) =>
        [.. plan.Sectors.SelectMany(s => Areas.Where(a => a.Bank == s.Bank.Number && a.Overlaps(s)).Select(a => (s, a)))];

    /// <summary>One line for people: <c>RDP level 0 (0xAA); write protection: none; protected areas: none</c>.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"RDP level {RdpLevel} (0x{RdpValue:X2}); write protection: {(WriteProtected.Count == 0 ? "none" : Describe(WriteProtected))}; protected areas: {(Areas.Count == 0 ? "none" : string.Join(", ", Areas))}");

    /// <summary>Names units compactly: <c>sector 1 of bank 1 (0x08020000), sector 3 of bank 2 (0x08160000)</c>.</summary>
    public static string Describe(IEnumerable<FlashSector> sectors) => string.Join(", ", sectors.Select(s => s.ToString()));

    /// <summary>
    /// Reads the protection state through <paramref name="readRegister"/> (a 32-bit read at an absolute address)
    /// for the banks in effect, <paramref name="banks"/>. Registers are read once each.
    /// </summary>
    /// <exception cref="FlashException">The device data does not describe where the protection state is (STM4112).</exception>
    public static FlashProtection Read(DeviceDescription device, IReadOnlyList<FlashBank> banks, Func<uint, uint> readRegister)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(readRegister);
        var layout = device.Protection ?? throw FlashErrors.Create(DiagnosticCodes.ProtectionUnknown,
            $"the device data of the {device.Name} does not say where its protection state is; nothing was erased");
        var cache = new Dictionary<uint, uint>();
        uint Field(string qualified)
        {
            var (register, field) = device.FindOptionField(qualified)
                ?? throw FlashErrors.Create(DiagnosticCodes.ProtectionUnknown, $"the {device.Name} has no option field {qualified}");
            if (!cache.TryGetValue(register.Offset, out var value))
            {
                value = readRegister(device.FlashRegistersBase + register.Offset);
                cache[register.Offset] = value;
            }
            return field.Get(value);
        }

        var rdp = Field(layout.RdpField);
        var level = rdp == layout.RdpLevel0 ? 0 : layout.RdpLevel2 is uint l2 && rdp == l2 ? 2 : 1;
        var wrp = new List<FlashSector>();
        foreach (var entry in layout.WriteProtection)
        {
            if (banks.FirstOrDefault(b => b.Number == entry.Bank) is not { } bank)
            {
                continue; // a bank this part (or bank mode) does not have
            }
            foreach (var index in ProtectedIndices(device, entry, bank, Field))
            {
                if (!wrp.Any(s => s.Bank.Number == bank.Number && s.Index == index))
                {
                    wrp.Add(new FlashSector(bank, index) { Unit = device.EraseUnit });
                }
            }
        }
        var areas = new List<ProtectedArea>();
        foreach (var entry in layout.Areas)
        {
            if (banks.FirstOrDefault(b => b.Number == entry.Bank) is not { } bank)
            {
                continue;
            }
            var start = Field(entry.StartField);
            var end = Field(entry.EndField);
            if (start > end || (ulong)start * entry.Unit >= bank.Size)
            {
                continue; // empty area (start above end), as the factory option bytes have it
            }
            var last = Math.Min(((ulong)end + 1) * entry.Unit, bank.Size) - 1;
            areas.Add(new ProtectedArea(entry.Name, bank.Number, bank.Start + start * entry.Unit, bank.Start + (uint)last));
        }
        return new FlashProtection
        {
            RdpLevel = level,
            RdpValue = rdp,
            WriteProtected = [.. wrp.OrderBy(s => s.Start)],
            Areas = areas,
        };
    }

    private static IEnumerable<int> ProtectedIndices(DeviceDescription device, WriteProtectionField entry, FlashBank bank, Func<string, uint> field)
    {
        if (entry.Kind == WriteProtectionKind.PageRange)
        {
            var first = field(entry.Field);
            var last = field(entry.EndField!);
            for (var page = first; page <= last && page < bank.SectorCount; page++)
            {
                yield return (int)page;
            }
            yield break;
        }
        var bits = field(entry.Field);
        var width = device.FindOptionField(entry.Field)!.Value.Field.Width;
        for (var bit = 0; bit < width; bit++)
        {
            var set = (bits & (1u << bit)) != 0;
            if (set != (entry.Kind == WriteProtectionKind.ActiveHighBits))
            {
                continue;
            }
            var first = bit * entry.SectorsPerBit;
            var end = entry.LastBitCoversRest && bit == width - 1 ? bank.SectorCount : first + entry.SectorsPerBit;
            for (var index = first; index < end && index < bank.SectorCount; index++)
            {
                yield return index;
            }
        }
    }
}
