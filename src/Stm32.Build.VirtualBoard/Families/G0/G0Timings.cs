namespace Stm32.Build.VirtualBoard.Families.G0;

/// <summary>
/// How long the STM32G0 flash and clock blocks take in the model: the typical column of the STM32G071x8/xB datasheet
/// (DS12232 "Flash memory characteristics", "HSE oscillator characteristics", "PLL characteristics"). The maximum
/// column (125 µs double word, 40 ms page or mass erase) is what the flash driver bounds its waits by.
/// </summary>
public static class G0Timings
{
    /// <summary>t_prog, 64-bit (double-word) programming, typical: 85 µs.</summary>
    public static TimeSpan DoubleWordProgram => TimeSpan.FromMicroseconds(85);

    /// <summary>t_ERASE, one 2 KiB page, typical: 22 ms.</summary>
    public static TimeSpan PageErase => TimeSpan.FromMilliseconds(22);

    /// <summary>t_ME, mass erase, typical: 22.1 ms.</summary>
    public static TimeSpan MassErase => TimeSpan.FromMilliseconds(22.1);

    /// <summary>t_SU(HSE), crystal start-up, typical: 2 ms.</summary>
    public static TimeSpan HseCrystalStartup => TimeSpan.FromMilliseconds(2);

    /// <summary>The PLL lock time, typical: 15 µs (t_LOCK).</summary>
    public static TimeSpan PllLock => TimeSpan.FromMicroseconds(15);
}
