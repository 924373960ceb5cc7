namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// How long flash operations take in the model: the typical values of the STM32H747xI/G datasheet DS12930,
/// table "Flash memory programming" (electrical characteristics; the same table as DS12110, STM32H742/743, Rev 10
/// table 53), per program/erase parallelism (FLASH_CRx.PSIZE: 00 = x8, 01 = x16, 10 = x32, 11 = x64).
/// The maximum column is twice each typical value; the model uses the typical one.
/// </summary>
public static class FlashTimings
{
    /// <summary>t_prog, programming one 266-bit flash word (256 data + 10 ECC bits), typical, by PSIZE.</summary>
    public static readonly IReadOnlyList<TimeSpan> FlashWordProgram =
    [
        TimeSpan.FromMicroseconds(290), TimeSpan.FromMicroseconds(180),
        TimeSpan.FromMicroseconds(130), TimeSpan.FromMicroseconds(100),
    ];

    /// <summary>t_ERASE128KB, erasing one 128 KiB sector, typical, by PSIZE.</summary>
    public static readonly IReadOnlyList<TimeSpan> SectorErase =
    [
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.8),
        TimeSpan.FromSeconds(1.1), TimeSpan.FromSeconds(1),
    ];

    /// <summary>
    /// t_ME, mass erase, typical, by PSIZE. The datasheet gives one figure for erasing a whole bank; the banks
    /// erase in parallel, so the model uses it for a bank erase (BER) and for a mass erase (MER) alike.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> BankErase =
    [
        TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(11),
        TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(6.5),
    ];

    /// <summary>
    /// An option byte change (OPTSTART until OPT_BUSY clears). Neither RM0399 nor the datasheet gives a figure; the
    /// Chromium EC STM32H7 flash driver (chip/stm32/flash-stm32h7.c) notes "no specification, real delay seems to be
    /// around 300ms", which the model uses.
    /// </summary>
    public static TimeSpan OptionByteChange => TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The CRC unit reads one flash word per AXI beat; the model charges 1 ns per byte (about 4 flash words per
    /// 128 ns at the 240 MHz AXI clock), a model assumption.
    /// </summary>
    public static TimeSpan CrcPerKiB => TimeSpan.FromMicroseconds(1.024);
}
