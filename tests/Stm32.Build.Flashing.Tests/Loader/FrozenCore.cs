using Stm32.Build.Devices;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Execution;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>
/// A core whose clock never runs: the emulated core's debug logic answers (it halts on request and at its reset
/// vector with the vector catch, its registers read and write), time passes, but no instruction ever executes — so a
/// program the debugger starts on it never starts.
/// </summary>
internal sealed class FrozenCore(CoreDescription description, ICoreHost host) : IExecutableCore
{
    private readonly CortexMCore _core = new(description, host);

    public static Func<CoreDescription, ICoreHost, IExecutableCore> Factory => (d, h) => new FrozenCore(d, h);

    public string Name => _core.Name;
    public CoreRunState State => _core.State;
    public bool DeepSleep => _core.DeepSleep;

    public bool DebugEnabled => _core.DebugEnabled;
    public long InstructionsRetired => _core.InstructionsRetired;
    public long Cycles => _core.Cycles;
    public uint CurrentInstructionAddress => _core.CurrentInstructionAddress;
    public BusStatus ReadPrivate(uint address, AccessSize size, out uint value) => _core.ReadPrivate(address, size, out value);
    public BusStatus WritePrivate(uint address, AccessSize size, uint value) => _core.WritePrivate(address, size, value);
    public void Reset(CoreResetKind kind, uint vectorTable) => _core.Reset(kind, vectorTable);
    public void HoldInReset(bool held) => _core.HoldInReset(held);
    public void SetInterruptLine(int irq, bool asserted) => _core.SetInterruptLine(irq, asserted);
    public void SignalEvent() => _core.SignalEvent();
    public void Yield() => _core.Yield();

    /// <summary>The whole budget passes and nothing executes.</summary>
    public long Advance(long cycles) => Math.Max(0, cycles);
}
