using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// Sees every access a core's firmware makes to a register-based peripheral (debugger accesses are not reported),
/// after the peripheral answered: what a logic analyser on the bus would see. It observes only; the access has
/// already happened. Set on <see cref="PeripheralContext.AccessObserver"/>; null (the default) costs one test per access.
/// </summary>
public interface IPeripheralAccessObserver
{
    /// <summary>A read by core <paramref name="core"/> of <paramref name="address"/> returned <paramref name="value"/> (the accessed lanes).</summary>
    void PeripheralRead(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value);

    /// <summary>A write by core <paramref name="core"/> of <paramref name="value"/> to <paramref name="address"/>.</summary>
    void PeripheralWritten(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value);
}
