namespace Stm32.Build.Flashing.Session;

/// <summary>
/// What the flashing pipeline needs from a debug probe: memory and cores, never USB. Addresses are target
/// addresses on the MEM-AP <c>accessPort</c> (on the STM32H7: 0 = Cortex-M7 bus and PPB, 2 = debug APB with
/// DBGMCU, 3 = Cortex-M4 bus and PPB). Core debug registers (DHCSR, DEMCR, AIRCR) are reached as memory.
/// Implementations throw <see cref="Stm32.Build.Diagnostics.Stm32Exception"/> subclasses with STM3xxx codes.
/// </summary>
public interface IDebugSession : IDisposable
{
    /// <summary>A short name of the probe for reports, e.g. <c>ST-LINK/V3 0012345</c>.</summary>
    string ProbeName { get; }

    /// <summary>The probe selection that reopens this probe (<c>sim</c>, <c>usb:SERIAL</c>, <c>tcp://...</c>).</summary>
    string ProbeSelection { get; }

    /// <summary>The clock the target runs on (the virtual board's clock on the virtual board, wall time otherwise).</summary>
    ITargetClock Clock { get; }

    /// <summary>Whether SWD is entered.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Enters SWD and reads the DP IDCODE. With <paramref name="holdInReset"/> NRST is driven low first and stays
    /// low until <see cref="SetNrst"/>(false).
    /// </summary>
    void Connect(bool holdInReset);

    /// <summary>Leaves SWD (releasing NRST if held); never throws for a probe that is gone.</summary>
    void Disconnect();

    /// <summary>Reads the DP IDCODE (DPIDR) now: the cheapest "is the target answering" question.</summary>
    uint ReadDpIdcode();

    /// <summary>The target supply measured on the probe's VREF pin, in volts; null when the probe cannot measure it.</summary>
    double? ReadTargetVoltage();

    /// <summary>Reads an aligned 32-bit word through <paramref name="accessPort"/>.</summary>
    uint ReadWord(int accessPort, uint address);

    /// <summary>Writes an aligned 32-bit word through <paramref name="accessPort"/>.</summary>
    void WriteWord(int accessPort, uint address, uint value);

    /// <summary>Reads a block of memory (word accesses where aligned).</summary>
    void ReadMemory(int accessPort, uint address, Span<byte> buffer);

    /// <summary>Writes a block of memory with 32-bit accesses (the length must be a multiple of 4).</summary>
    void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data);

    /// <summary>Drives NRST low (<c>true</c>) or releases it.</summary>
    void SetNrst(bool low);

    /// <summary>Reads a core register (DCRSR.REGSEL numbering: 13 = SP, 15 = PC) of the halted core on <paramref name="accessPort"/>.</summary>
    uint ReadCoreRegister(int accessPort, int regsel);
}
