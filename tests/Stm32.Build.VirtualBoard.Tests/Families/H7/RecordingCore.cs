using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// A halt-only core that records what the chip drives into it: the level of every NVIC input and the RXEV events.
/// It executes nothing, so register-level tests see the peripherals' outputs as a core's inputs.
/// </summary>
internal sealed class RecordingCore(CoreDescription description, ICoreHost host) : IExecutableCore
{
    private readonly HaltOnlyCore _core = new(description, host);
    private readonly HashSet<int> _asserted = [];

    public static Func<CoreDescription, ICoreHost, IExecutableCore> Factory => (d, h) => new RecordingCore(d, h);

    /// <summary>RXEV events received.</summary>
    public int Events { get; private set; }

    /// <summary>Rising edges seen per NVIC input.</summary>
    public Dictionary<int, int> Edges { get; } = [];

    public bool IsAsserted(int irq) => _asserted.Contains(irq);

    public string Name => _core.Name;
    public CoreRunState State => _core.State;
    public bool DeepSleep => _core.DeepSleep;
    public long InstructionsRetired => _core.InstructionsRetired;
    public long Cycles => 0;
    public uint CurrentInstructionAddress => 0;
    public BusStatus ReadPrivate(uint address, AccessSize size, out uint value) => _core.ReadPrivate(address, size, out value);
    public BusStatus WritePrivate(uint address, AccessSize size, uint value) => _core.WritePrivate(address, size, value);
    public void Reset(CoreResetKind kind, uint vectorTable) => _core.Reset(kind, vectorTable);
    public void HoldInReset(bool held) => _core.HoldInReset(held);
    public long Advance(long cycles) => _core.Advance(cycles);

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
    }

    public void SignalEvent() => Events++;

    public void Yield()
    {
    }
}
