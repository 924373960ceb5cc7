using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Emulator.Tests.Programs;
using Stm32.Build.Execution;
using Stm32.Build.Images;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// The memory map of QEMU's MPS2 AN500/AN386 boards as far as the test programs use it (QEMU hw/arm/mps2.c):
/// ZBT SSRAM1, 4 MiB at 0x00000000, and ZBT SSRAM2&amp;3, 4 MiB at 0x20000000, both plain RAM. Everything else faults.
/// </summary>
public sealed class Mps2TestBus : ISystemBus
{
    private readonly MemoryWindow[] _windows =
    [
        new MemoryWindow(0x00000000, new byte[4 << 20], Writable: true),
        new MemoryWindow(0x20000000, new byte[4 << 20], Writable: true),
    ];

    /// <inheritdoc />
    public MemoryWindow? GetWindow(uint address)
    {
        foreach (var w in _windows)
        {
            if (address >= w.Start && address < w.End)
            {
                return w;
            }
        }
        return null;
    }

    /// <inheritdoc />
    public BusStatus Read(uint address, AccessSize size, out uint value)
    {
        var w = GetWindow(address);
        var n = (int)size;
        if (w is null || (ulong)address + (ulong)n > w.End)
        {
            value = 0;
            return BusStatus.Fault;
        }
        var span = w.Data.AsSpan((int)(address - w.Start), n);
        value = size switch
        {
            AccessSize.Byte => span[0],
            AccessSize.HalfWord => BinaryPrimitives.ReadUInt16LittleEndian(span),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(span),
        };
        return BusStatus.Ok;
    }

    /// <inheritdoc />
    public BusStatus Write(uint address, AccessSize size, uint value)
    {
        var w = GetWindow(address);
        var n = (int)size;
        if (w is null || (ulong)address + (ulong)n > w.End)
        {
            return BusStatus.Fault;
        }
        var span = w.Data.AsSpan((int)(address - w.Start), n);
        switch (size)
        {
            case AccessSize.Byte: span[0] = (byte)value; break;
            case AccessSize.HalfWord: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            default: BinaryPrimitives.WriteUInt32LittleEndian(span, value); break;
        }
        return BusStatus.Ok;
    }

    /// <summary>Copies bytes into RAM; false when they do not fit.</summary>
    public bool Load(uint address, ReadOnlySpan<byte> bytes)
    {
        var w = GetWindow(address);
        if (w is null || (ulong)address + (ulong)bytes.Length > w.End)
        {
            return false;
        }
        bytes.CopyTo(w.Data.AsSpan((int)(address - w.Start)));
        return true;
    }

    /// <summary>Reads a block of RAM (zeros where nothing is mapped).</summary>
    public byte[] ReadBlock(uint address, int length)
    {
        var result = new byte[length];
        var w = GetWindow(address);
        if (w is not null)
        {
            var available = (int)Math.Min((ulong)length, w.End - address);
            w.Data.AsSpan((int)(address - w.Start), available).CopyTo(result);
        }
        return result;
    }
}

/// <summary>A <see cref="CortexMCore"/> (Cortex-M7 or M4 from the STM32H747 device data) on the MPS2 memory map.</summary>
public sealed class Mps2TestMachine : ICoreHost
{
    /// <summary>Creates the machine, loads the ELF at its load addresses and resets the core from the vector table at 0.</summary>
    public Mps2TestMachine(TestCore core, string elfPath)
    {
        var device = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var description = device.FindCore(core == TestCore.M7 ? "CM7" : "CM4")!;
        Core = new CortexMCore(description, this);
        var image = ImageReader.Read(elfPath);
        foreach (var segment in image.Segments)
        {
            if (!Memory.Load(segment.Address, segment.Data.Span))
            {
                throw new InvalidOperationException($"segment at 0x{segment.Address:X8} does not fit the MPS2 memory map");
            }
        }
        Core.InvalidateMemoryCache();
        Core.Reset(CoreResetKind.PowerOn, 0);
    }

    /// <summary>The RAM.</summary>
    public Mps2TestBus Memory { get; } = new();

    /// <summary>The core.</summary>
    public CortexMCore Core { get; }

    /// <inheritdoc />
    public ISystemBus Bus => Memory;

    /// <inheritdoc />
    public long ClockHz => 25_000_000;

    /// <summary>How many times the program asked for a system reset (none expected).</summary>
    public int ResetRequests { get; private set; }

    /// <inheritdoc />
    public void RequestSystemReset() => ResetRequests++;
}
