using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>The members of the execution seam the board uses to schedule, interrupt and observe the core.</summary>
public sealed partial class CortexMCore
{
    /// <inheritdoc />
    public long Cycles => _cycles;

    /// <inheritdoc />
    public uint CurrentInstructionAddress => _pc;

    /// <inheritdoc />
    public void SignalEvent()
    {
        _eventRegister = true; // RXEV (B1.5.18); a core sleeping in WFE wakes at its next Advance
        _attention = true;
    }

    /// <inheritdoc />
    public void Yield()
    {
        _yieldRequested = true;
        _attention = true;
    }
}
