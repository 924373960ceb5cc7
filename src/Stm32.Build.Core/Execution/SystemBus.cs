namespace Stm32.Build.Execution;

/// <summary>The width of one bus access.</summary>
public enum AccessSize : byte
{
    /// <summary>8 bits.</summary>
    Byte = 1,
    /// <summary>16 bits.</summary>
    HalfWord = 2,
    /// <summary>32 bits.</summary>
    Word = 4,
}

/// <summary>The outcome of one bus access.</summary>
public enum BusStatus : byte
{
    /// <summary>The access completed.</summary>
    Ok,
    /// <summary>The slave answered with an error, or nothing is mapped there (a core takes a BusFault; an AP reports a fault).</summary>
    Fault,
}

/// <summary>
/// The system bus as a core (or a MEM-AP) sees it: the device's memory map with its peripherals.
/// The virtual board implements it; the instruction emulator and the debug access ports use it.
/// </summary>
public interface ISystemBus
{
    /// <summary>Reads <paramref name="size"/> bytes (little-endian, naturally aligned by the caller) at <paramref name="address"/>.</summary>
    BusStatus Read(uint address, AccessSize size, out uint value);

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/> at <paramref name="address"/>.</summary>
    BusStatus Write(uint address, AccessSize size, uint value);

    /// <summary>
    /// A fast path for plain memory: the backing array of the region holding <paramref name="address"/>,
    /// so an executing core can fetch and load without a call per access. Returns null for peripherals
    /// and for anything whose reads have side effects. Writes through the window are allowed only when
    /// <see cref="MemoryWindow.Writable"/> (RAM, never flash: flash is written through its controller).
    /// </summary>
    MemoryWindow? GetWindow(uint address);
}

/// <summary>A directly addressable piece of plain memory handed out by <see cref="ISystemBus.GetWindow"/>.</summary>
/// <param name="Start">The bus address of <c>Data[0]</c>.</param>
/// <param name="Data">The backing bytes (little-endian).</param>
/// <param name="Writable">Whether the core may store through the window.</param>
public sealed record MemoryWindow(uint Start, byte[] Data, bool Writable)
{
    /// <summary>The first bus address past the window.</summary>
    public ulong End => (ulong)Start + (ulong)Data.Length;
}
