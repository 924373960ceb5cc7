using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Machine;

/// <summary>
/// A plain-memory system bus for the standalone machine: the device's flash, RAM and system memory regions as
/// byte arrays (flash read-only to the core), peripheral space (0x40000000–0x5FFFFFFF, 0xA0000000–0xDFFFFFFF)
/// reading as zero and ignoring writes — every such access is counted per address — and everything else
/// unmapped (a bus fault).
/// </summary>
public sealed class MachineBus : ISystemBus
{
    private readonly List<(MemoryRegion Region, MemoryWindow Window)> _regions = [];
    private readonly Dictionary<uint, PeripheralAccessCount> _peripheralAccesses = [];

    /// <summary>Creates the memory map of <paramref name="device"/> as seen by <paramref name="coreName"/>.</summary>
    public MachineBus(DeviceDescription device, string coreName)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var region in device.AllRegions.Where(r => r.IsVisibleTo(coreName)).OrderBy(r => r.Start))
        {
            var data = new byte[region.Size];
            if (region.Kind != MemoryKind.Ram)
            {
                Array.Fill(data, device.ErasedValue);
            }
            _regions.Add((region, new MemoryWindow(region.Start, data, region.Kind == MemoryKind.Ram)));
        }
    }

    /// <summary>The memory regions, in address order.</summary>
    public IEnumerable<MemoryRegion> Regions => _regions.Select(r => r.Region);

    /// <summary>Accesses to peripheral addresses, by address (reads return zero, writes are ignored).</summary>
    public IReadOnlyDictionary<uint, PeripheralAccessCount> PeripheralAccesses => _peripheralAccesses;

    /// <summary>Writes the core made to flash or system memory, which plain memory ignores (flash is programmed through its controller).</summary>
    public long IgnoredReadOnlyWrites { get; private set; }

    /// <summary>Copies bytes into memory (any region, flash included: this is the loader's view). False when a byte falls outside every region.</summary>
    public bool Load(uint address, ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var a = address + (uint)offset;
            var window = Find(a);
            if (window is null)
            {
                return false;
            }
            var start = (int)(a - window.Start);
            var count = Math.Min(bytes.Length - offset, window.Data.Length - start);
            bytes.Slice(offset, count).CopyTo(window.Data.AsSpan(start));
            offset += count;
        }
        return true;
    }

    private MemoryWindow? Find(uint address)
    {
        foreach (var (region, window) in _regions)
        {
            if (region.Contains(address))
            {
                return window;
            }
        }
        return null;
    }

    private static bool IsPeripheral(uint address) =>
        (address >= 0x40000000 && address < 0x60000000) || (address >= 0xA0000000 && address < 0xE0000000);

    /// <inheritdoc />
    public BusStatus Read(uint address, AccessSize size, out uint value)
    {
        value = 0;
        var window = Find(address);
        if (window is not null)
        {
            var offset = (int)(address - window.Start);
            var n = (int)size;
            if (offset + n > window.Data.Length)
            {
                return BusStatus.Fault;
            }
            for (var i = 0; i < n; i++)
            {
                value |= (uint)window.Data[offset + i] << (8 * i);
            }
            return BusStatus.Ok;
        }
        if (IsPeripheral(address))
        {
            Count(address, write: false);
            return BusStatus.Ok;
        }
        return BusStatus.Fault;
    }

    /// <inheritdoc />
    public BusStatus Write(uint address, AccessSize size, uint value)
    {
        var window = Find(address);
        if (window is not null)
        {
            var offset = (int)(address - window.Start);
            var n = (int)size;
            if (offset + n > window.Data.Length)
            {
                return BusStatus.Fault;
            }
            if (!window.Writable)
            {
                IgnoredReadOnlyWrites++;
                return BusStatus.Ok;
            }
            for (var i = 0; i < n; i++)
            {
                window.Data[offset + i] = (byte)(value >> (8 * i));
            }
            return BusStatus.Ok;
        }
        if (IsPeripheral(address))
        {
            Count(address, write: true);
            return BusStatus.Ok;
        }
        return BusStatus.Fault;
    }

    /// <inheritdoc />
    public MemoryWindow? GetWindow(uint address) => Find(address);

    private void Count(uint address, bool write)
    {
        _peripheralAccesses.TryGetValue(address, out var count);
        _peripheralAccesses[address] = write ? count with { Writes = count.Writes + 1 } : count with { Reads = count.Reads + 1 };
    }
}

/// <summary>How often one peripheral address was read and written.</summary>
/// <param name="Reads">Reads (each returned zero).</param>
/// <param name="Writes">Writes (each ignored).</param>
public readonly record struct PeripheralAccessCount(long Reads, long Writes);
