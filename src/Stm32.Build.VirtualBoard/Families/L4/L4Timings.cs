namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>
/// How long the STM32L4/G4 flash and clock blocks take in the model: the typical column of the datasheets' "Flash
/// memory characteristics" tables (DS10198 STM32L476, DS11451 STM32L432, DS12589 STM32G431, DS12288 STM32G474 give
/// the same figures for these parts). The maximum column is a little above each typical value (24.47 ms page erase,
/// 90.76 µs double word); the flash drivers bound their waits by it.
/// </summary>
public static class L4Timings
{
    /// <summary>t_prog, 64-bit (double-word) programming, typical: 81.69 µs.</summary>
    public static TimeSpan DoubleWordProgram => TimeSpan.FromMicroseconds(81.69);

    /// <summary>t_ERASE, one page (2 KiB, or 4 KiB on a single-bank G47x), typical: 22.02 ms.</summary>
    public static TimeSpan PageErase => TimeSpan.FromMilliseconds(22.02);

    /// <summary>t_ME, mass erase of one or both banks, typical: 22.13 ms.</summary>
    public static TimeSpan MassErase => TimeSpan.FromMilliseconds(22.13);

    /// <summary>
    /// An option byte change (OPTSTRT until BSY clears): the manuals give no figure; the option bytes sit in a page of
    /// their own that the interface erases and programs, so the model charges one page erase (a model assumption).
    /// </summary>
    public static TimeSpan OptionChange => PageErase;

    /// <summary>t_SU(HSE), crystal start-up, typical: 2 ms (DS10198 "HSE oscillator characteristics").</summary>
    public static TimeSpan HseCrystalStartup => TimeSpan.FromMilliseconds(2);

    /// <summary>The PLL lock time, typical: 15 µs (DS10198/DS12288 "PLL characteristics", t_LOCK).</summary>
    public static TimeSpan PllLock => TimeSpan.FromMicroseconds(15);
}
