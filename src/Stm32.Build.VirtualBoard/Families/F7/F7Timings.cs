namespace Stm32.Build.VirtualBoard.Families.F7;

/// <summary>
/// How long the STM32F7 flash takes in the model, by program/erase parallelism (FLASH_CR.PSIZE: 00 = x8, 01 = x16,
/// 10 = x32, 11 = x64, which takes the x32 figures without VPP). Word programming (t_prog 16 µs typical) and the mass
/// erase (16/11/8 s at x8/x16/x32 typical) are the figures of the STM32F4/F7 datasheets' "Flash memory programming"
/// table (DS10916 for the F74x, DS11532 for the F76x). The F7's sectors are 32/128/256 KiB (single bank) or
/// 16/64/128 KiB (the F76x in dual-bank mode): the model charges the typical time of the F4's sector of the same
/// size (<see cref="F4.F4Timings"/>), 32 KiB as twice 16 KiB and 256 KiB as twice 128 KiB (a model assumption: the
/// flash drivers bound their waits by the datasheet maximum, which is above every figure here).
/// </summary>
public static class F7Timings
{
    /// <summary>t_prog, one word (or narrower) programming, typical: 16 µs at every parallelism.</summary>
    public static TimeSpan WordProgram => TimeSpan.FromMicroseconds(16);

    /// <summary>t_ME typical by PSIZE for one bank: 16, 11, 8 s.</summary>
    public static TimeSpan MassErase(int psize) => F4.F4Timings.MassErase[psize & 3];

    /// <summary>The erase time of a sector of <paramref name="size"/> bytes at PSIZE <paramref name="psize"/>.</summary>
    public static TimeSpan SectorErase(uint size, int psize) => size switch
    {
        32 * 1024 => F4.F4Timings.Sector16KiB[psize & 3] + F4.F4Timings.Sector16KiB[psize & 3],
        _ => F4.F4Timings.SectorErase(size, psize),
    };

    /// <summary>An option byte change (OPTSTRT until BSY clears): as on the F4, one 16 KiB sector erase at x32 (a model assumption).</summary>
    public static TimeSpan OptionChange => F4.F4Timings.OptionChange;

    /// <summary>
    /// The over-drive switches (PWR_CSR1.ODRDY after ODEN, ODSWRDY after ODSWEN): the model takes them as immediate
    /// (the datasheets give t_OD/t_ODSW only as a maximum, which ST's HAL bounds with a 1 s timeout).
    /// </summary>
    public static TimeSpan OverDriveSwitch => TimeSpan.Zero;
}
