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

#if NETFRAMEWORK
    // .NET Framework (the task assembly for Visual Studio's MSBuild) runs no default interface members: there every
    // implementation writes these two, which everywhere else default as below.

    /// <summary>Writes a block of memory with accesses of <paramref name="accessBytes"/> (1, 2 or 4) bytes each.</summary>
    void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data, int accessBytes);

    /// <summary>The most bytes one memory command of the probe carries.</summary>
    int MemoryCommandBytes { get; }
#else
    /// <summary>
    /// Writes a block of memory with accesses of <paramref name="accessBytes"/> (1, 2 or 4) bytes each — flash
    /// interfaces that check the access size (STM32F1 half-words, STM32F4/F7 PSIZE) need the narrower ones.
    /// </summary>
    void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data, int accessBytes)
    {
        if (accessBytes != 4)
        {
            throw new NotSupportedException($"this debug session writes memory with 32-bit accesses only, not {accessBytes * 8}-bit");
        }
        WriteMemory(accessPort, address, data);
    }

    /// <summary>
    /// The most bytes one memory command of the probe carries (the ST-LINK driver never lets a transfer cross a
    /// 1 KiB boundary, ADIv5.2 C2.2.2); flash drivers write this much before checking the flash status.
    /// </summary>
    int MemoryCommandBytes => 1024;
#endif

    /// <summary>Drives NRST low (<c>true</c>) or releases it.</summary>
    void SetNrst(bool low);

    /// <summary>Reads a core register (DCRSR.REGSEL numbering: 13 = SP, 15 = PC) of the halted core on <paramref name="accessPort"/>.</summary>
    uint ReadCoreRegister(int accessPort, int regsel);
}
