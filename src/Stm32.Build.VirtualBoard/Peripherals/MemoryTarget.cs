using System.Buffers.Binary;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// Plain memory on the bus (SRAM, TCM, system memory): byte-addressable, little-endian, no side effects, handed to
/// the cores as a window for their fast path. Read-only memory answers writes with a bus error.
/// </summary>
public sealed class MemoryTarget : IBusTarget
{
    /// <summary>Creates the target over <paramref name="data"/>.</summary>
    public MemoryTarget(string name, byte[] data, bool writable)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Data = data ?? throw new ArgumentNullException(nameof(data));
        Writable = writable;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The backing bytes.</summary>
    public byte[] Data { get; }

    /// <summary>Whether software may write it.</summary>
    public bool Writable { get; }

    /// <inheritdoc />
    public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value)
    {
        if ((ulong)offset + (uint)size > (ulong)Data.Length)
        {
            value = 0;
            return BusStatus.Fault;
        }
        value = ReadLittleEndian(Data, (int)offset, size);
        return BusStatus.Ok;
    }

    /// <inheritdoc />
    public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator)
    {
        if (!Writable || (ulong)offset + (uint)size > (ulong)Data.Length)
        {
            return BusStatus.Fault;
        }
        WriteLittleEndian(Data, (int)offset, size, value);
        return BusStatus.Ok;
    }

    /// <inheritdoc />
    public TargetWindow? GetWindow(uint offset, BusInitiator initiator) => new TargetWindow(0, Data, Writable);

    /// <summary>Reads a little-endian value of <paramref name="size"/> at <paramref name="offset"/>.</summary>
    public static uint ReadLittleEndian(ReadOnlySpan<byte> data, int offset, AccessSize size) => size switch
    {
        AccessSize.Byte => data[offset],
        AccessSize.HalfWord => BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]),
    };

    /// <summary>Writes a little-endian value of <paramref name="size"/> at <paramref name="offset"/>.</summary>
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
