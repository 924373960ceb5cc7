namespace Stm32.Build.Flashing.H7;

/// <summary>Flash program/erase parallelism (FLASH_CRx.PSIZE, RM0399 4.9.4).</summary>
public enum FlashParallelism
{
    /// <summary>x8 (PSIZE = 00).</summary>
    X8 = 0,
    /// <summary>x16 (PSIZE = 01).</summary>
    X16 = 1,
    /// <summary>x32 (PSIZE = 10).</summary>
    X32 = 2,
    /// <summary>x64 (PSIZE = 11).</summary>
    X64 = 3,
}

/// <summary>
/// The maximum flash operation times used as timeouts: STM32H747xI/G datasheet DS12930, table "Flash memory
/// programming" (t_prog per 266-bit flash word, t_ERASE128KB per sector, t_ME per bank), max column = twice the
/// typical value. ST's own answer on community.st.com ("STM32H743 Flash EraseSector Reset Problem", 2024: x32
/// sector erase typ 1.1 s, max 2.2 s) and the Chromium EC STM32H7 flash driver ("maximum is about 4 seconds in
/// x8") agree. Programming voltage: x64 needs VDD of at least 1.8 V (issue #5, from the datasheet's programming
/// conditions); below it the pipeline uses x32.
/// </summary>
public static class H7FlashTimings
{
    /// <summary>The lowest target voltage at which x64 parallelism is used.</summary>
    public const double X64MinimumVolts = 1.8;

    private static readonly TimeSpan[] s_wordProgramMax =
    [
        TimeSpan.FromMicroseconds(580), TimeSpan.FromMicroseconds(360), TimeSpan.FromMicroseconds(260), TimeSpan.FromMicroseconds(200),
    ];

    private static readonly TimeSpan[] s_sectorEraseMax =
    [
        TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3.6), TimeSpan.FromSeconds(2.2), TimeSpan.FromSeconds(2),
    ];

    private static readonly TimeSpan[] s_bankEraseMax =
    [
        TimeSpan.FromSeconds(26), TimeSpan.FromSeconds(22), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(13),
    ];

    /// <summary>
    /// Added to every timeout for the probe's own latency (a poll sees the end of an operation one round trip late;
    /// a full-speed ST-LINK round trip is about 1 ms).
    /// </summary>
    public static readonly TimeSpan PollSlack = TimeSpan.FromMilliseconds(50);

    /// <summary>The option byte change has no datasheet figure; Chromium EC measured about 300 ms and allows 1 s. We allow 2 s.</summary>
    public static readonly TimeSpan OptionChangeMax = TimeSpan.FromSeconds(2);

    /// <summary>The CRC unit reads a 128 KiB sector in well under a millisecond at the AXI clock; we allow 500 ms.</summary>
    public static readonly TimeSpan CrcMax = TimeSpan.FromMilliseconds(500);

    /// <summary>The maximum time to program one flash word at <paramref name="p"/>.</summary>
    public static TimeSpan WordProgram(FlashParallelism p) => s_wordProgramMax[(int)p] + PollSlack;

    /// <summary>The maximum time to program <paramref name="words"/> flash words queued one after the other at <paramref name="p"/>.</summary>
    public static TimeSpan WordsProgram(FlashParallelism p, int words) => s_wordProgramMax[(int)p].Multiply(Math.Max(1, words)) + PollSlack;

    /// <summary>The maximum time to erase one 128 KiB sector at <paramref name="p"/>.</summary>
    public static TimeSpan SectorErase(FlashParallelism p) => s_sectorEraseMax[(int)p] + PollSlack;

    /// <summary>The maximum time to erase one bank at <paramref name="p"/>.</summary>
    public static TimeSpan BankErase(FlashParallelism p) => s_bankEraseMax[(int)p] + PollSlack;

    /// <summary>
    /// The typical time of one flash word (t_prog) at <paramref name="p"/>: DS12930, table "Flash memory
    /// programming", typical column (x8 290 µs, x16 180 µs, x32 130 µs, x64 100 µs) — the figures the virtual chip's
    /// flash model uses, and the limit a flash run is compared with.
    /// </summary>
    public static TimeSpan TypicalWordProgram(FlashParallelism p) => s_wordProgramMax[(int)p].Divide(2);

    /// <summary>The typical time of one 128 KiB sector erase (t_ERASE128KB) at <paramref name="p"/> (DS12930, typical: half the maximum).</summary>
    public static TimeSpan TypicalSectorErase(FlashParallelism p) => s_sectorEraseMax[(int)p].Divide(2);

    /// <summary>
    /// The time the flash itself needs, by the typical figures, to erase <paramref name="sectorsPerBank"/> sectors
    /// and program <paramref name="wordsPerBank"/> flash words in each bank, the banks working in parallel (each has
    /// its own controller, RM0399 4.3): (erase only, program only, erase then program) — the maximum over the banks
    /// of each.
    /// </summary>
    public static (TimeSpan Erase, TimeSpan Program, TimeSpan Both) Limits(FlashParallelism p,
        IReadOnlyDictionary<int, int> sectorsPerBank, IReadOnlyDictionary<int, long> wordsPerBank)
    {
        ArgumentNullException.ThrowIfNull(sectorsPerBank);
        ArgumentNullException.ThrowIfNull(wordsPerBank);
        TimeSpan erase = TimeSpan.Zero, program = TimeSpan.Zero, both = TimeSpan.Zero;
        foreach (var bank in sectorsPerBank.Keys.Union(wordsPerBank.Keys))
        {
            var e = TypicalSectorErase(p).Multiply(sectorsPerBank.GetValueOrDefault(bank));
            var w = TypicalWordProgram(p).Multiply(wordsPerBank.GetValueOrDefault(bank));
            erase = e > erase ? e : erase;
            program = w > program ? w : program;
            both = e + w > both ? e + w : both;
        }
        return (erase, program, both);
    }

    /// <summary>The parallelism for a measured target voltage (null: unknown, assume a 3.3 V board).</summary>
    public static FlashParallelism ForVoltage(double? volts) =>
        volts is double v && v < X64MinimumVolts ? FlashParallelism.X32 : FlashParallelism.X64;
}
