using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>Who makes a bus access.</summary>
public enum BusInitiatorKind : byte
{
    /// <summary>A core executing firmware (its index in the device's core list).</summary>
    Core,
    /// <summary>A debugger through a MEM-AP (the AP index).</summary>
    Debugger,
}

/// <summary>The master of a bus access: a core (by index) or a debugger's access port (by AP index).</summary>
/// <param name="Kind">Core or debugger.</param>
/// <param name="Index">The core index (device order) or the AP index.</param>
public readonly record struct BusInitiator(BusInitiatorKind Kind, int Index)
{
    /// <summary>Core <paramref name="index"/> (0 = the first core in the device data, the CM7 on an H747).</summary>
    public static BusInitiator Core(int index) => new(BusInitiatorKind.Core, index);

    /// <summary>A debugger through access port <paramref name="apIndex"/>.</summary>
    public static BusInitiator Debugger(int apIndex) => new(BusInitiatorKind.Debugger, apIndex);

    /// <summary>Whether a debugger makes the access.</summary>
    public bool IsDebugger => Kind == BusInitiatorKind.Debugger;

    /// <inheritdoc />
    public override string ToString() => Kind == BusInitiatorKind.Core ? $"core {Index}" : $"AP{Index}";
}

/// <summary>
/// Something mapped on a system bus: memory (RAM, flash array, system memory) or a peripheral. Offsets are from the
/// start of the mapping; accesses are naturally aligned (the bus map's callers guarantee it).
/// </summary>
public interface IBusTarget
{
    /// <summary>The name shown in logs and maps.</summary>
    string Name { get; }

    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/>.</summary>
    BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value);

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator);

    /// <summary>
    /// A window on plain backing memory containing <paramref name="offset"/>, for the cores' fast path, or null
    /// (peripherals, memory whose reads have side effects). <see cref="TargetWindow.Offset"/> is the offset of
    /// <c>Data[0]</c> in this target.
    /// </summary>
    TargetWindow? GetWindow(uint offset, BusInitiator initiator);
}

/// <summary>A window on a target's backing bytes: <c>Data[0]</c> is at target offset <paramref name="Offset"/>.</summary>
/// <param name="Offset">The target offset of the first byte.</param>
/// <param name="Data">The bytes (little-endian).</param>
/// <param name="Writable">Whether a core may store through it.</param>
public readonly record struct TargetWindow(uint Offset, byte[] Data, bool Writable);
