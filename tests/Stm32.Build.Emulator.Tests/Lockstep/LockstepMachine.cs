using System.Buffers.Binary;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Emulator.Tests.Programs;
using Stm32.Build.Execution;
using Stm32.Build.Images;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// The memory map of a QEMU test board as far as the test programs use it (<see cref="TestTarget.Memory"/>): plain
/// RAM regions, an alias sharing the bytes of the region it mirrors. Everything else faults.
/// </summary>
public sealed class LockstepBus : ISystemBus
{
    private readonly MemoryWindow[] _windows;

    /// <summary>Creates the regions of <paramref name="memory"/>.</summary>
    public LockstepBus(IReadOnlyList<TestMemory> memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var windows = new List<MemoryWindow>();
        foreach (var region in memory.Where(m => m.AliasOf is null))
        {
            windows.Add(new MemoryWindow(region.Start, new byte[region.Size], Writable: true));
        }
        foreach (var alias in memory.Where(m => m.AliasOf is not null))
        {
            var target = windows.First(w => w.Start == alias.AliasOf);
            windows.Add(new MemoryWindow(alias.Start, target.Data, Writable: true));
        }
        _windows = [.. windows];
    }

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

    /// <summary>Copies bytes into memory; false when they do not fit one region.</summary>
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

    /// <summary>Reads a block (zeros where nothing is mapped).</summary>
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

/// <summary>A <see cref="CortexMCore"/> of a test target on its board's memory map, reset from the vector table at 0.</summary>
public sealed class LockstepMachine : ICoreHost
{
    /// <summary>Creates the machine, loads the ELF at its load addresses and resets the core.</summary>
    public LockstepMachine(TestCore core, string elfPath)
    {
        Target = TestTarget.For(core);
        Memory = new LockstepBus(Target.Memory);
        Core = new CortexMCore(Target.Description, this);
        var image = ImageReader.Read(elfPath);
        foreach (var segment in image.Segments)
        {
            if (!Memory.Load(segment.Address, segment.Data.Span))
            {
                throw new InvalidOperationException($"segment at 0x{segment.Address:X8} does not fit the memory map of {Target.Board.Machine}");
            }
        }
        Core.InvalidateMemoryCache();
        Core.Reset(CoreResetKind.PowerOn, 0);
    }

    /// <summary>The target.</summary>
    public TestTarget Target { get; }

    /// <summary>The memory.</summary>
    public LockstepBus Memory { get; }

    /// <summary>The core.</summary>
    public CortexMCore Core { get; }

    /// <inheritdoc />
    public ISystemBus Bus => Memory;

    /// <inheritdoc />
    public long ClockHz => 25_000_000;

    public bool ClockStoppedInDeepSleep => false;

    /// <summary>How many times the program asked for a system reset (none expected).</summary>
    public int ResetRequests { get; private set; }

    /// <inheritdoc />
    public void RequestSystemReset() => ResetRequests++;

    /// <inheritdoc />
    public void SendEvent()
    {
    }

    /// <inheritdoc />
    public void OnCoreEvent(in CoreEvent e)
    {
    }
}
