using Stm32.Build.Devices;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The chip's real core (the instruction emulator) with a recorder on its inputs: the level of every NVIC input and
/// the RXEV events the chip drives into it. Register-level tests see the peripherals' outputs as a real core's
/// inputs; the core itself behaves as on any board (with the erased flash of these tests it locks up on its
/// vector table and executes nothing).
/// </summary>
internal sealed class RecordingCore(CoreDescription description, ICoreHost host) : IExecutableCore
{
    private readonly HashSet<int> _asserted = [];

    public static Func<CoreDescription, ICoreHost, IExecutableCore> Factory => (d, h) => new RecordingCore(d, h);

    /// <summary>The emulated core behind the recorder.</summary>
    public CortexMCore Inner { get; } = new(description, host);

    /// <summary>RXEV events received.</summary>
    public int Events { get; private set; }

    /// <summary>Rising edges seen per NVIC input.</summary>
    public Dictionary<int, int> Edges { get; } = [];

    public bool IsAsserted(int irq) => _asserted.Contains(irq);

    public string Name => Inner.Name;
    public CoreRunState State => Inner.State;
    public bool DeepSleep => Inner.DeepSleep;

    public bool DebugEnabled => Inner.DebugEnabled;
    public long InstructionsRetired => Inner.InstructionsRetired;
    public long Cycles => Inner.Cycles;
    public uint CurrentInstructionAddress => Inner.CurrentInstructionAddress;
    public BusStatus ReadPrivate(uint address, AccessSize size, out uint value) => Inner.ReadPrivate(address, size, out value);
    public BusStatus WritePrivate(uint address, AccessSize size, uint value) => Inner.WritePrivate(address, size, value);
    public void Reset(CoreResetKind kind, uint vectorTable) => Inner.Reset(kind, vectorTable);
    public void HoldInReset(bool held) => Inner.HoldInReset(held);
    public long Advance(long cycles) => Inner.Advance(cycles);
    public void Yield() => Inner.Yield();

    public void SetInterruptLine(int irq, bool asserted)
    {
        if (asserted && _asserted.Add(irq))
        {
            Edges[irq] = Edges.GetValueOrDefault(irq) + 1;
        }
        else if (!asserted)
        {
            _asserted.Remove(irq);
        }
        Inner.SetInterruptLine(irq, asserted);
    }

    public void SignalEvent()
    {
        Events++;
        Inner.SignalEvent();
    }
}
