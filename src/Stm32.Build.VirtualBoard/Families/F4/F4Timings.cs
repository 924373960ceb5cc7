namespace Stm32.Build.VirtualBoard.Families.F4;

/// <summary>
/// How long the STM32F4 flash and clock blocks take in the model: the typical column of the STM32F407xx datasheet
/// DS8626 (table "Flash memory programming"; DS9405 for the F42x/F43x gives the same figures), by program/erase
/// parallelism (FLASH_CR.PSIZE: 00 = x8, 01 = x16, 10 = x32, 11 = x64, which takes the x32 figures without VPP).
/// The maximum column is about twice each typical value; the flash drivers bound their waits by it.
/// </summary>
public static class F4Timings
{
    /// <summary>t_prog, one word (or narrower) programming, typical: 16 µs at every parallelism.</summary>
    public static TimeSpan WordProgram => TimeSpan.FromMicroseconds(16);

    /// <summary>t_ERASE16KB typical by PSIZE: 400, 300, 250 ms.</summary>
    public static readonly IReadOnlyList<TimeSpan> Sector16KiB =
        [TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250)];

    /// <summary>t_ERASE64KB typical by PSIZE: 1200, 700, 550 ms.</summary>
    public static readonly IReadOnlyList<TimeSpan> Sector64KiB =
        [TimeSpan.FromMilliseconds(1200), TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(550), TimeSpan.FromMilliseconds(550)];

    /// <summary>t_ERASE128KB typical by PSIZE: 2, 1.3, 1 s.</summary>
    public static readonly IReadOnlyList<TimeSpan> Sector128KiB =
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.3), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)];

    /// <summary>t_ME mass erase typical by PSIZE: 16, 11, 8 s.</summary>
    public static readonly IReadOnlyList<TimeSpan> MassErase =
        [TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8)];

    /// <summary>
    /// An option byte change (OPTSTRT until BSY clears). RM0090 3.6 and the datasheet give no figure; the option bytes
    /// sit in their own flash sector that the interface erases and programs, so the model charges one 16 KiB sector
    /// erase at x32 (a model assumption).
    /// </summary>
    public static TimeSpan OptionChange => Sector16KiB[2];

    /// <summary>t_SU(HSE), crystal start-up with V_DD stabilised, typical: 2 ms (DS8626 "HSE 4-26 MHz oscillator characteristics").</summary>
    public static TimeSpan HseCrystalStartup => TimeSpan.FromMilliseconds(2);

    /// <summary>t_LOCK, main PLL lock time, typical at a 432 MHz VCO: 100 µs (DS8626 "Main PLL characteristics").</summary>
    public static TimeSpan PllLock => TimeSpan.FromMicroseconds(100);

    /// <summary>The erase time of a sector of <paramref name="size"/> bytes at PSIZE <paramref name="psize"/> (16, 64 or 128 KiB; others scale from 128 KiB).</summary>
    public static TimeSpan SectorErase(uint size, int psize) => size switch
    {
        <= 16 * 1024 => Sector16KiB[psize & 3],
        <= 64 * 1024 => Sector64KiB[psize & 3],
        _ => TimeSpan.FromTicks(Sector128KiB[psize & 3].Ticks * (size / (128 * 1024))),
    };
}
