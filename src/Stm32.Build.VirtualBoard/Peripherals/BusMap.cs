using System.Globalization;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>One address range of a bus map and the target that answers it.</summary>
/// <param name="Start">The first bus address.</param>
/// <param name="Size">The number of bytes.</param>
/// <param name="Target">What answers.</param>
/// <param name="TargetOffset">The target offset the first address maps to (non-zero for aliases).</param>
public sealed record BusMapping(uint Start, uint Size, IBusTarget Target, uint TargetOffset = 0)
{
    /// <summary>The first address past the range.</summary>
    public ulong End => (ulong)Start + Size;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"0x{Start:X8}-0x{End - 1:X8} {Target.Name}{(TargetOffset != 0 ? $"+0x{TargetOffset:X}" : "")}");
}

/// <summary>
/// The system bus as one master sees it (a core, or a debugger through one access port): sorted address ranges,
/// each routed to a memory or a peripheral. An address no range covers is a bus error, as on the chip's
/// interconnect. Lookups are a binary search behind a one-entry cache (firmware polls the same register).
/// </summary>
public sealed class BusMap : ISystemBus
{
    private readonly BusMapping[] _mappings;
    private readonly uint[] _starts;
    private int _last;

    /// <summary>Builds the map; overlapping ranges are an error in the chip's composition.</summary>
    public BusMap(BusInitiator initiator, IEnumerable<BusMapping> mappings)
    {
        Initiator = initiator;
        _mappings = mappings.OrderBy(m => m.Start).ToArray();
        for (var i = 1; i < _mappings.Length; i++)
        {
            if (_mappings[i].Start < _mappings[i - 1].End)
            {
                throw new InvalidOperationException($"bus map of {initiator}: {_mappings[i]} overlaps {_mappings[i - 1]}");
            }
        }
        _starts = _mappings.Select(m => m.Start).ToArray();
    }

    /// <summary>The master this view belongs to.</summary>
    public BusInitiator Initiator { get; }

    /// <summary>The ranges by ascending address.</summary>
    public IReadOnlyList<BusMapping> Mappings => _mappings;

    /// <summary>The mapping that covers <paramref name="address"/>, or null.</summary>
    public BusMapping? Find(uint address)
    {
        var last = _last;
        if (last < _mappings.Length)
        {
            var m = _mappings[last];
            if (address >= m.Start && address - m.Start < m.Size)
            {
                return m;
            }
        }
        var index = Array.BinarySearch(_starts, address);
        if (index < 0)
        {
            index = ~index - 1;
        }
        if (index < 0)
        {
            return null;
        }
        var found = _mappings[index];
        if (address - found.Start >= found.Size)
        {
            return null;
        }
        _last = index;
        return found;
    }

    /// <inheritdoc />
    public BusStatus Read(uint address, AccessSize size, out uint value)
    {
        if (Find(address) is not { } m || (ulong)address + (uint)size > m.End)
        {
            value = 0;
            return BusStatus.Fault;
        }
        return m.Target.Read(address - m.Start + m.TargetOffset, size, Initiator, out value);
    }

    /// <inheritdoc />
    public BusStatus Write(uint address, AccessSize size, uint value)
    {
        if (Find(address) is not { } m || (ulong)address + (uint)size > m.End)
        {
            return BusStatus.Fault;
        }
        return m.Target.Write(address - m.Start + m.TargetOffset, size, value, Initiator);
    }

    /// <inheritdoc />
    public MemoryWindow? GetWindow(uint address)
    {
        if (Find(address) is not { } m || m.Target.GetWindow(address - m.Start + m.TargetOffset, Initiator) is not { } w)
        {
            return null;
        }
        // The window may extend past this mapping only when the mapping shows all of it.
        var start = (long)m.Start - m.TargetOffset + w.Offset;
        if (start < m.Start || start + w.Data.Length > (long)m.End)
        {
            return null;
        }
        return new MemoryWindow((uint)start, w.Data, w.Writable);
    }
}
