using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>How far a reset reaches, from the widest to the narrowest.</summary>
public enum ResetKind
{
    /// <summary>Power-on (or brown-out) reset: everything but flash, option bytes and the backup domain.</summary>
    PowerOn,
    /// <summary>System reset: NRST, a software reset (AIRCR.SYSRESETREQ), a watchdog; debug and backup domains keep their state.</summary>
    System,
}

/// <summary>Why the system was reset (the reset flags a clock controller reports).</summary>
public enum ResetCause
{
    /// <summary>Power-on or brown-out reset.</summary>
    PowerOn,
    /// <summary>The NRST pin (a debugger, a button).</summary>
    Pin,
    /// <summary>A core's software reset request (AIRCR.SYSRESETREQ).</summary>
    Software,
    /// <summary>An independent watchdog expired.</summary>
    IndependentWatchdog,
    /// <summary>A window watchdog expired.</summary>
    WindowWatchdog,
}

/// <summary>
/// A register-based peripheral on the system bus. It turns byte, halfword and word accesses into word accesses with
/// byte-lane masks once, for every peripheral (RM0399 2.1: peripheral registers are accessed as words, halfwords or
/// bytes; a narrow write changes only its lanes), and routes them to its <see cref="RegisterBlock"/>. Models derive
/// from it, declare or load their registers and attach behaviour; they override <see cref="ReadWord"/> /
/// <see cref="WriteWord"/> only for what registers cannot express (e.g. a bus error on a wrong key).
/// </summary>
public abstract class Peripheral : IBusTarget
{
    /// <summary>Creates the peripheral with an empty register block.</summary>
    protected Peripheral(PeripheralContext context, string name, uint baseAddress, uint size)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        BaseAddress = baseAddress;
        Size = size;
        Registers = new RegisterBlock(name, baseAddress, context.Log);
    }

    /// <summary>The chip services the peripheral uses (time, interrupts, other blocks, the trace).</summary>
    protected PeripheralContext Context { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The base address on the system bus.</summary>
    public uint BaseAddress { get; }

    /// <summary>The size of the address block.</summary>
    public uint Size { get; }

    /// <summary>The registers.</summary>
    public RegisterBlock Registers { get; }

    /// <summary>Applies a reset; the default returns every register to its reset value.</summary>
    public virtual void Reset(ResetKind kind) => Registers.Reset();

    /// <summary>Reads the word at a word-aligned <paramref name="offset"/>.</summary>
    protected virtual BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value)
    {
        value = Registers.Read(offset);
        return BusStatus.Ok;
    }

    /// <summary>Writes the lanes of <paramref name="laneMask"/> of the word at a word-aligned <paramref name="offset"/>.</summary>
    protected virtual BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator) =>
        Registers.Write(offset, value, laneMask) ? BusStatus.Ok : BusStatus.Fault;

    /// <inheritdoc />
    public BusStatus Read(uint offset, AccessSize size, BusInitiator initiator, out uint value)
    {
        var status = ReadWord(offset & ~3u, initiator, out var word);
        value = Lanes.Extract(word, offset, size);
        if (Context.AccessObserver is { } observer && initiator.Kind == BusInitiatorKind.Core)
        {
            observer.PeripheralRead(initiator.Index, Context.CurrentPc, this, BaseAddress + offset, size, value);
        }
        return status;
    }

    /// <inheritdoc />
    public BusStatus Write(uint offset, AccessSize size, uint value, BusInitiator initiator)
    {
        var shift = (int)(offset & 3) * 8;
        var mask = Lanes.Mask(offset, size);
        var status = WriteWord(offset & ~3u, (value << shift) & mask, mask, initiator);
        if (Context.AccessObserver is { } observer && initiator.Kind == BusInitiatorKind.Core)
        {
            observer.PeripheralWritten(initiator.Index, Context.CurrentPc, this, BaseAddress + offset, size, value);
        }
        return status;
    }

    /// <inheritdoc />
    public virtual TargetWindow? GetWindow(uint offset, BusInitiator initiator) => null;

    /// <inheritdoc />
    public override string ToString() => $"{Name} @0x{BaseAddress:X8}";
}

/// <summary>Byte-lane arithmetic for narrow accesses to 32-bit registers.</summary>
public static class Lanes
{
    /// <summary>The lanes an access of <paramref name="size"/> at <paramref name="offset"/> covers, in place.</summary>
    public static uint Mask(uint offset, AccessSize size) => size switch
    {
        AccessSize.Byte => 0xFFu << ((int)(offset & 3) * 8),
        AccessSize.HalfWord => 0xFFFFu << ((int)(offset & 2) * 8),
        _ => 0xFFFF_FFFFu,
    };

    /// <summary>The bytes an access of <paramref name="size"/> at <paramref name="offset"/> reads from <paramref name="word"/>.</summary>
    public static uint Extract(uint word, uint offset, AccessSize size) => size switch
    {
        AccessSize.Byte => (word >> ((int)(offset & 3) * 8)) & 0xFF,
        AccessSize.HalfWord => (word >> ((int)(offset & 2) * 8)) & 0xFFFF,
        _ => word,
    };
}
