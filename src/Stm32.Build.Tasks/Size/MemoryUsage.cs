using System.Globalization;
using System.Text;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks.Size;

/// <summary>A memory region from the linker's MEMORY command (as the map file's "Memory Configuration" lists it).</summary>
/// <param name="Name">The region name, e.g. <c>FLASH</c>, <c>DTCMRAM</c>, <c>RAM_D1</c>.</param>
/// <param name="Origin">The first address.</param>
/// <param name="Length">The size in bytes.</param>
public sealed record MemoryRegionInfo(string Name, uint Origin, uint Length)
{
    /// <summary>True when the address lies in the region.</summary>
    public bool Contains(uint address) => address >= Origin && (ulong)address - Origin < Length;
}

/// <summary>How much of one region the image uses.</summary>
/// <param name="Region">The region.</param>
/// <param name="Used">Bytes used (sections run there, plus the initial content of sections loaded there).</param>
public sealed record RegionUsage(MemoryRegionInfo Region, ulong Used)
{
    /// <summary>Used as a percentage of the region's length.</summary>
    public double Percent => Region.Length == 0 ? 0 : 100.0 * Used / Region.Length;
}

/// <summary>
/// The per-region memory use of a linked image, like STM32CubeIDE's Build Analyzer "Memory Regions" view:
/// regions from the linker map, sections (with run and load addresses) from the ELF.
/// </summary>
public static class MemoryUsage
{
    /// <summary>Reads the "Memory Configuration" table of a GNU ld map file (the *default* region is left out).</summary>
    public static IReadOnlyList<MemoryRegionInfo> ReadMapRegions(string mapText)
    {
        var regions = new List<MemoryRegionInfo>();
        using var reader = new StringReader(mapText);
        string? line;
        var inTable = false;
        while ((line = reader.ReadLine()) is not null)
        {
            if (!inTable)
            {
                inTable = line.StartsWith("Memory Configuration", StringComparison.Ordinal);
                continue;
            }
            if (line.StartsWith("Linker script and memory map", StringComparison.Ordinal))
            {
                break;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || parts[0] == "Name" || parts[0] == "*default*")
            {
                continue;
            }
            if (TryHex(parts[1], out var origin) && TryHex(parts[2], out var length))
            {
                regions.Add(new MemoryRegionInfo(parts[0], (uint)origin, (uint)Math.Min(length, uint.MaxValue)));
            }
        }
        return regions;
    }

    /// <summary>Adds each section to the region it runs in and, when loaded elsewhere, to the region it is loaded in.</summary>
    public static IReadOnlyList<RegionUsage> Compute(IReadOnlyList<MemoryRegionInfo> regions, IReadOnlyList<ElfSection> sections)
    {
        var used = new ulong[regions.Count];
        foreach (var s in sections)
        {
            var run = IndexOf(regions, s.Address);
            if (run >= 0)
            {
                used[run] += s.Size;
            }
            if (s.HasContent && s.LoadAddress != s.Address)
            {
                var load = IndexOf(regions, s.LoadAddress);
                if (load >= 0 && load != run)
                {
                    used[load] += s.Size;
                }
            }
        }
        return regions.Select((r, i) => new RegionUsage(r, used[i])).ToList();
    }

    /// <summary>Formats the usage as a short table: region, used, total, percent.</summary>
    public static string FormatTable(IReadOnlyList<RegionUsage> usage, string title)
    {
        var sb = new StringBuilder();
        var width = Math.Max(15, usage.Count == 0 ? 0 : usage.Max(u => u.Region.Name.Length) + 2);
        sb.Append(title).AppendLine();
        sb.Append("Memory region".PadRight(width)).Append("Start       ").Append("Used".PadLeft(12)).Append("Total".PadLeft(12)).Append("Usage".PadLeft(9)).AppendLine();
        foreach (var u in usage)
        {
            sb.Append(u.Region.Name.PadRight(width))
              .Append(Diagnostic.Hex(u.Region.Origin)).Append("  ")
              .Append(FormatBytes(u.Used).PadLeft(12))
              .Append(FormatBytes(u.Region.Length).PadLeft(12))
              .Append((u.Percent.ToString("0.00", CultureInfo.InvariantCulture) + "%").PadLeft(9))
              .AppendLine();
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Bytes as CubeIDE shows them: B below 1 KB, then KB with two decimals.</summary>
    public static string FormatBytes(ulong bytes) =>
        bytes < 1024 ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
        : bytes % (1024 * 1024) == 0 ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.##", CultureInfo.InvariantCulture) + " KB";

    private static int IndexOf(IReadOnlyList<MemoryRegionInfo> regions, uint address)
    {
        for (var i = 0; i < regions.Count; i++)
        {
            if (regions[i].Contains(address))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool TryHex(string s, out ulong value)
    {
        value = 0;
        return s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}
