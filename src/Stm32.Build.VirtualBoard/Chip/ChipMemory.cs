using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// One piece of plain memory backing one or more adjacent RAM regions of the device data (adjacent regions such
/// as SRAM1/SRAM2/SRAM3 share one array so an alias of all of them, like the Cortex-M4's D2 SRAM view at
/// 0x10000000, can be a window on the same bytes).
/// </summary>
internal sealed class MemorySegment
{
    public MemorySegment(string name, uint start, int size, bool writable, bool keptWithoutPower, IReadOnlyList<string> cores)
    {
        Name = name;
        Start = start;
        Data = new byte[size];
        Writable = writable;
        KeptWithoutPower = keptWithoutPower;
        Cores = cores;
    }

    public string Name { get; }

    public uint Start { get; }

    public byte[] Data { get; }

    public bool Writable { get; }

    /// <summary>Backup SRAM: kept across a power cycle (the board is assumed to keep VBAT).</summary>
    public bool KeptWithoutPower { get; }

    public IReadOnlyList<string> Cores { get; }

    public ulong End => (ulong)Start + (ulong)Data.Length;

    public bool Contains(uint address, int size) => address >= Start && (ulong)address + (ulong)size <= End;

    public bool IsVisibleTo(string? core) =>
        core is null || Cores.Count == 0 || Cores.Contains(core, StringComparer.OrdinalIgnoreCase);

    public uint Read(uint address, AccessSize size) => ReadLittleEndian(Data, (int)(address - Start), size);

    public void Write(uint address, AccessSize size, uint value) => WriteLittleEndian(Data, (int)(address - Start), size, value);

    public static uint ReadLittleEndian(ReadOnlySpan<byte> data, int offset, AccessSize size) => size switch
    {
        AccessSize.Byte => data[offset],
        AccessSize.HalfWord => BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]),
    };

    public static void WriteLittleEndian(Span<byte> data, int offset, AccessSize size, uint value)
    {
        switch (size)
        {
            case AccessSize.Byte:
                data[offset] = (byte)value;
                break;
            case AccessSize.HalfWord:
                BinaryPrimitives.WriteUInt16LittleEndian(data[offset..], (ushort)value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(data[offset..], value);
                break;
        }
    }
}

/// <summary>
/// An alias: a range that shows another range's bytes (RM0399 2.3.2: the D2 SRAM1/2/3 at 0x30000000 are also
/// mapped at 0x10000000 for the Cortex-M4).
/// </summary>
internal sealed record MemoryAlias(string Name, uint Start, uint Size, uint Target, IReadOnlyList<string> Cores)
{
    public bool Contains(uint address, int size) => address >= Start && (ulong)address + (ulong)size <= (ulong)Start + Size;
}

/// <summary>The chip's RAM and system memory, built from the device data.</summary>
internal sealed class ChipMemory
{
    private readonly List<MemorySegment> _ram = [];
    private readonly List<MemoryAlias> _aliases = [];
    private readonly List<MemorySegment> _systemMemory = [];

    public ChipMemory(DeviceDescription device)
    {
        var ordered = device.RamRegions.OrderBy(r => r.Start).ToList();
        // Aliases: a region that starts where no other region's data lives but whose size equals a run of
        // adjacent regions elsewhere. On the H745/H747 the only one is the D2 SRAM alias (RM0399 2.3.2).
        var aliases = ordered.Where(r => r.Name.Contains("alias", StringComparison.OrdinalIgnoreCase)).ToList();
        var plain = ordered.Except(aliases).ToList();
        var i = 0;
        while (i < plain.Count)
        {
            var first = plain[i];
            var end = first.End;
            var cores = first.Cores;
            var names = new List<string> { first.Name };
            var j = i + 1;
            while (j < plain.Count && plain[j].Start == end && SameCores(plain[j].Cores, cores))
            {
                end = plain[j].End;
                names.Add(plain[j].Name);
                j++;
            }
            _ram.Add(new MemorySegment(string.Join("+", names), first.Start, checked((int)(end - first.Start)), writable: true,
                keptWithoutPower: first.Name.Contains("backup", StringComparison.OrdinalIgnoreCase), cores));
            i = j;
        }
        foreach (var alias in aliases)
        {
            var target = _ram.FirstOrDefault(s => s.Data.Length == alias.Size && s.Start != alias.Start && s.Cores.Count == 0)
                ?? throw new InvalidDataException($"device data: no RAM of size 0x{alias.Size:X} for alias '{alias.Name}'");
            _aliases.Add(new MemoryAlias(alias.Name, alias.Start, alias.Size, target.Start, alias.Cores));
        }
        foreach (var region in device.SystemMemory)
        {
            _systemMemory.Add(new MemorySegment(region.Name, region.Start, checked((int)region.Size), writable: false,
                keptWithoutPower: true, region.Cores));
        }
    }

    public IReadOnlyList<MemorySegment> Ram => _ram;

    public IReadOnlyList<MemorySegment> SystemMemory => _systemMemory;

    public IReadOnlyList<MemoryAlias> Aliases => _aliases;

    /// <summary>Finds plain memory for an access; <paramref name="address"/> is translated through aliases.</summary>
    public MemorySegment? FindRam(ref uint address, int size, string? core)
    {
        foreach (var alias in _aliases)
        {
            if (alias.Contains(address, size))
            {
                if (core is not null && alias.Cores.Count > 0 && !alias.Cores.Contains(core, StringComparer.OrdinalIgnoreCase))
                {
                    return null;
                }
                address = alias.Target + (address - alias.Start);
                break;
            }
        }
        foreach (var segment in _ram)
        {
            if (segment.Contains(address, size))
            {
                return segment.IsVisibleTo(core) ? segment : null;
            }
        }
        return null;
    }

    /// <summary>The alias containing <paramref name="address"/>, if any (for memory windows).</summary>
    public MemoryAlias? FindAlias(uint address) => _aliases.FirstOrDefault(a => a.Contains(address, 1));

    public MemorySegment? FindSystemMemory(uint address, int size) =>
        _systemMemory.FirstOrDefault(s => s.Contains(address, size));

    /// <summary>Power loss: every RAM but the backup SRAM loses its contents (modelled as zeros).</summary>
    public void ClearVolatile()
    {
        foreach (var segment in _ram)
        {
            if (!segment.KeptWithoutPower)
            {
                Array.Clear(segment.Data);
            }
        }
    }

    private static bool SameCores(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(x => b.Contains(x, StringComparer.OrdinalIgnoreCase));
}
