namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// How long the STM32F1 flash and clock blocks take in the model, from the STM32F103x8/xB datasheet DS5319 (table
/// "Flash memory characteristics"; DS5792 gives the same figures for the high-density parts): the typical column
/// where there is one, else the minimum (the table gives only minimum and maximum for the erase times). The flash
/// drivers bound their waits by the maximum column (70 µs, 40 ms, 40 ms).
/// </summary>
public static class F1Timings
{
    /// <summary>t_prog, 16-bit programming time, typical: 52.5 µs.</summary>
    public static TimeSpan HalfWordProgram => TimeSpan.FromMicroseconds(52.5);

    /// <summary>t_ERASE, page erase time (1 KiB or 2 KiB page): 20 ms (the minimum; no typical is given).</summary>
    public static TimeSpan PageErase => TimeSpan.FromMilliseconds(20);

    /// <summary>t_ME, mass erase time: 20 ms (the minimum; no typical is given).</summary>
    public static TimeSpan MassErase => TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// An option byte erase (OPTER): the option bytes are one page of the information block, so the model charges a
    /// page erase (PM0075 gives no separate figure; a model assumption).
    /// </summary>
    public static TimeSpan OptionErase => PageErase;

    /// <summary>t_SU(HSE), crystal start-up with V_DD stabilised, typical: 2 ms (DS5319 "HSE 4-16 MHz oscillator characteristics").</summary>
    public static TimeSpan HseCrystalStartup => TimeSpan.FromMilliseconds(2);

    /// <summary>t_LOCK, PLL lock time: 200 µs (DS5319 "PLL characteristics" gives only this maximum).</summary>
    public static TimeSpan PllLock => TimeSpan.FromMicroseconds(200);
}
